{
  "patcher": {
    "fileversion": 1,
    "appversion": {
      "major": 8,
      "minor": 6,
      "revision": 0,
      "architecture": "x64",
      "modernui": 1
    },
    "classnamespace": "box",
    "rect": [
      100.0,
      100.0,
      1800.0,
      800.0
    ],
    "bglocked": 0,
    "openinpresentation": 0,
    "default_fontsize": 12.0,
    "default_fontface": 0,
    "default_fontname": "Arial",
    "gridonopen": 1,
    "gridsize": [
      15.0,
      15.0
    ],
    "gridsnaponopen": 1,
    "objectsnaponopen": 1,
    "statusbarvisible": 2,
    "toolbarvisible": 1,
    "description": "help for nrcore.synth",
    "digest": "",
    "tags": "nrcore",
    "boxes": [
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            20,
            10,
            400,
            20.0
          ],
          "text": "nrcore.synth",
          "id": "obj-1"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            20,
            34,
            1200,
            40.0
          ],
          "text": "Descriptor-driven impact synthesiser (Sinc-NSF), torch-free and streaming.",
          "id": "obj-2"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            20,
            84,
            420,
            40.0
          ],
          "text": "1. One [nrcore.client] open in Max talks to nrcore serve (and starts it).",
          "id": "obj-3"
        }
      },
      {
        "box": {
          "maxclass": "newobj",
          "numinlets": 0,
          "numoutlets": 0,
          "outlettype": [],
          "patching_rect": [
            20,
            128,
            105.0,
            22.0
          ],
          "text": "nrcore.client",
          "id": "obj-4"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            20,
            170,
            420,
            60.0
          ],
          "text": "2. Turn it on: one frame every 30 ms, input 1 sweeping -1..1, the others fixed. The outputs show below the object.",
          "id": "obj-5"
        }
      },
      {
        "box": {
          "maxclass": "toggle",
          "numinlets": 1,
          "numoutlets": 1,
          "outlettype": [
            "int"
          ],
          "parameter_enable": 0,
          "patching_rect": [
            20,
            236,
            24.0,
            24.0
          ],
          "id": "obj-6"
        }
      },
      {
        "box": {
          "maxclass": "newobj",
          "numinlets": 2,
          "numoutlets": 1,
          "outlettype": [
            "bang"
          ],
          "patching_rect": [
            20,
            270,
            70.0,
            22.0
          ],
          "text": "metro 30",
          "id": "obj-7"
        }
      },
      {
        "box": {
          "maxclass": "newobj",
          "numinlets": 5,
          "numoutlets": 4,
          "outlettype": [
            "int",
            "",
            "",
            "int"
          ],
          "patching_rect": [
            20,
            302,
            100,
            22.0
          ],
          "text": "counter 0 99",
          "id": "obj-8"
        }
      },
      {
        "box": {
          "maxclass": "newobj",
          "numinlets": 6,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "patching_rect": [
            20,
            334,
            130,
            22.0
          ],
          "text": "scale 0 99 -1. 1.",
          "id": "obj-9"
        }
      },
      {
        "box": {
          "maxclass": "message",
          "numinlets": 2,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "patching_rect": [
            20,
            366,
            40.0,
            22.0
          ],
          "text": "$1",
          "id": "obj-10"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            20,
            410,
            420,
            40.0
          ],
          "text": "3. Hear it: start the server's audio, then click 'play 0' (right). Needs a sound card on the computer running nrcore serve.",
          "id": "obj-11"
        }
      },
      {
        "box": {
          "maxclass": "message",
          "numinlets": 2,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "patching_rect": [
            20,
            456,
            150,
            22.0
          ],
          "text": "/nrcore/audio start",
          "id": "obj-12"
        }
      },
      {
        "box": {
          "maxclass": "message",
          "numinlets": 2,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "patching_rect": [
            180,
            456,
            140,
            22.0
          ],
          "text": "/nrcore/audio stop",
          "id": "obj-13"
        }
      },
      {
        "box": {
          "maxclass": "newobj",
          "numinlets": 1,
          "numoutlets": 0,
          "outlettype": [],
          "patching_rect": [
            20,
            490,
            100,
            22.0
          ],
          "text": "s nrcore.out",
          "id": "obj-14"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            480,
            84,
            700,
            20.0
          ],
          "text": "4. Every parameter and command: click to send it to the object.",
          "id": "obj-15"
        }
      },
      {
        "box": {
          "maxclass": "message",
          "numinlets": 2,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "patching_rect": [
            480,
            120.0,
            117.0,
            22.0
          ],
          "text": "gain 1.",
          "id": "obj-16"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            617.0,
            120.0,
            1143.0,
            20.0
          ],
          "text": "gain (float, [0, 8], default 1): Output gain",
          "id": "obj-17"
        }
      },
      {
        "box": {
          "maxclass": "message",
          "numinlets": 2,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "patching_rect": [
            480,
            152.0,
            117.0,
            22.0
          ],
          "text": "transpose 0.",
          "id": "obj-18"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            617.0,
            152.0,
            1143.0,
            20.0
          ],
          "text": "transpose (float, [-48, 48] semitones, default 0): Shift of the f0 curve of new frames",
          "id": "obj-19"
        }
      },
      {
        "box": {
          "maxclass": "message",
          "numinlets": 2,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "patching_rect": [
            480,
            184.0,
            117.0,
            22.0
          ],
          "text": "time_stretch 1.",
          "id": "obj-20"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            617.0,
            184.0,
            1143.0,
            20.0
          ],
          "text": "time_stretch (float, [0.25, 4], default 1): Playback time scale of the descriptor curves (2 = twice as long)",
          "id": "obj-21"
        }
      },
      {
        "box": {
          "maxclass": "message",
          "numinlets": 2,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "patching_rect": [
            480,
            216.0,
            117.0,
            22.0
          ],
          "text": "voices 4",
          "id": "obj-22"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            617.0,
            216.0,
            1143.0,
            20.0
          ],
          "text": "voices (int, [1, 16], default 4): Number of impacts that can sound at once (the oldest is stolen)",
          "id": "obj-23"
        }
      },
      {
        "box": {
          "maxclass": "message",
          "numinlets": 2,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "patching_rect": [
            480,
            248.0,
            117.0,
            22.0
          ],
          "text": "seed 1",
          "id": "obj-24"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            617.0,
            248.0,
            1143.0,
            20.0
          ],
          "text": "seed (int, [0, 4.29497e+09], default 1): Seed of the noise source (each trigger derives its own)",
          "id": "obj-25"
        }
      },
      {
        "box": {
          "maxclass": "message",
          "numinlets": 2,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "patching_rect": [
            480,
            280.0,
            117.0,
            22.0
          ],
          "text": "0.1",
          "id": "obj-26"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            617.0,
            280.0,
            1143.0,
            20.0
          ],
          "text": "a list of numbers: run one frame; outputs leave the left outlet",
          "id": "obj-27"
        }
      },
      {
        "box": {
          "maxclass": "message",
          "numinlets": 2,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "patching_rect": [
            480,
            312.0,
            117.0,
            22.0
          ],
          "text": "dump",
          "id": "obj-28"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            617.0,
            312.0,
            1143.0,
            20.0
          ],
          "text": "every parameter value to the right outlet",
          "id": "obj-29"
        }
      },
      {
        "box": {
          "maxclass": "message",
          "numinlets": 2,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "patching_rect": [
            480,
            344.0,
            117.0,
            22.0
          ],
          "text": "get gain",
          "id": "obj-30"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            617.0,
            344.0,
            1143.0,
            20.0
          ],
          "text": "one parameter value to the right outlet",
          "id": "obj-31"
        }
      },
      {
        "box": {
          "maxclass": "message",
          "numinlets": 2,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "patching_rect": [
            480,
            376.0,
            117.0,
            22.0
          ],
          "text": "reset",
          "id": "obj-32"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            617.0,
            376.0,
            1143.0,
            20.0
          ],
          "text": "clear signal state, keep parameters",
          "id": "obj-33"
        }
      },
      {
        "box": {
          "maxclass": "message",
          "numinlets": 2,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "patching_rect": [
            480,
            408.0,
            117.0,
            22.0
          ],
          "text": "play 0",
          "id": "obj-34"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            617.0,
            408.0,
            1143.0,
            20.0
          ],
          "text": "play output 0 through the server's audio, channel 0",
          "id": "obj-35"
        }
      },
      {
        "box": {
          "maxclass": "message",
          "numinlets": 2,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "patching_rect": [
            480,
            440.0,
            117.0,
            22.0
          ],
          "text": "mute",
          "id": "obj-36"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            617.0,
            440.0,
            1143.0,
            20.0
          ],
          "text": "stop playing",
          "id": "obj-37"
        }
      },
      {
        "box": {
          "maxclass": "newobj",
          "numinlets": 1,
          "numoutlets": 2,
          "outlettype": [
            "",
            ""
          ],
          "patching_rect": [
            20,
            562,
            220,
            22.0
          ],
          "text": "nrcore.synth help-synth",
          "id": "obj-38"
        }
      },
      {
        "box": {
          "maxclass": "newobj",
          "numinlets": 1,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "patching_rect": [
            20,
            606,
            90,
            22.0
          ],
          "text": "prepend set",
          "id": "obj-39"
        }
      },
      {
        "box": {
          "maxclass": "message",
          "numinlets": 2,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "patching_rect": [
            20,
            638,
            220,
            22.0
          ],
          "text": "",
          "id": "obj-40"
        }
      },
      {
        "box": {
          "maxclass": "newobj",
          "numinlets": 1,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "patching_rect": [
            250,
            606,
            90,
            22.0
          ],
          "text": "prepend set",
          "id": "obj-41"
        }
      },
      {
        "box": {
          "maxclass": "message",
          "numinlets": 2,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "patching_rect": [
            250,
            638,
            420,
            22.0
          ],
          "text": "",
          "id": "obj-42"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            20,
            668,
            220,
            20.0
          ],
          "text": "outputs of each frame (left outlet)",
          "id": "obj-43"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            250,
            668,
            420,
            20.0
          ],
          "text": "other replies: param name values, examples, trained... (right outlet)",
          "id": "obj-44"
        }
      }
    ],
    "lines": [
      {
        "patchline": {
          "source": [
            "obj-6",
            0
          ],
          "destination": [
            "obj-7",
            0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-7",
            0
          ],
          "destination": [
            "obj-8",
            0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-8",
            0
          ],
          "destination": [
            "obj-9",
            0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-9",
            0
          ],
          "destination": [
            "obj-10",
            0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-12",
            0
          ],
          "destination": [
            "obj-14",
            0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-13",
            0
          ],
          "destination": [
            "obj-14",
            0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-10",
            0
          ],
          "destination": [
            "obj-38",
            0
          ],
          "midpoints": [
            24.0,
            393.0,
            10.0,
            393.0,
            10.0,
            550.0,
            24.0,
            550.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-16",
            0
          ],
          "destination": [
            "obj-38",
            0
          ],
          "midpoints": [
            484.0,
            147.0,
            460.0,
            147.0,
            460.0,
            550.0,
            24.0,
            550.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-18",
            0
          ],
          "destination": [
            "obj-38",
            0
          ],
          "midpoints": [
            484.0,
            179.0,
            460.0,
            179.0,
            460.0,
            550.0,
            24.0,
            550.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-20",
            0
          ],
          "destination": [
            "obj-38",
            0
          ],
          "midpoints": [
            484.0,
            211.0,
            460.0,
            211.0,
            460.0,
            550.0,
            24.0,
            550.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-22",
            0
          ],
          "destination": [
            "obj-38",
            0
          ],
          "midpoints": [
            484.0,
            243.0,
            460.0,
            243.0,
            460.0,
            550.0,
            24.0,
            550.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-24",
            0
          ],
          "destination": [
            "obj-38",
            0
          ],
          "midpoints": [
            484.0,
            275.0,
            460.0,
            275.0,
            460.0,
            550.0,
            24.0,
            550.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-26",
            0
          ],
          "destination": [
            "obj-38",
            0
          ],
          "midpoints": [
            484.0,
            307.0,
            460.0,
            307.0,
            460.0,
            550.0,
            24.0,
            550.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-28",
            0
          ],
          "destination": [
            "obj-38",
            0
          ],
          "midpoints": [
            484.0,
            339.0,
            460.0,
            339.0,
            460.0,
            550.0,
            24.0,
            550.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-30",
            0
          ],
          "destination": [
            "obj-38",
            0
          ],
          "midpoints": [
            484.0,
            371.0,
            460.0,
            371.0,
            460.0,
            550.0,
            24.0,
            550.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-32",
            0
          ],
          "destination": [
            "obj-38",
            0
          ],
          "midpoints": [
            484.0,
            403.0,
            460.0,
            403.0,
            460.0,
            550.0,
            24.0,
            550.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-34",
            0
          ],
          "destination": [
            "obj-38",
            0
          ],
          "midpoints": [
            484.0,
            435.0,
            460.0,
            435.0,
            460.0,
            550.0,
            24.0,
            550.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-36",
            0
          ],
          "destination": [
            "obj-38",
            0
          ],
          "midpoints": [
            484.0,
            467.0,
            460.0,
            467.0,
            460.0,
            550.0,
            24.0,
            550.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-38",
            0
          ],
          "destination": [
            "obj-39",
            0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-39",
            0
          ],
          "destination": [
            "obj-40",
            0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-38",
            1
          ],
          "destination": [
            "obj-41",
            0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-41",
            0
          ],
          "destination": [
            "obj-42",
            0
          ]
        }
      }
    ],
    "dependency_cache": [],
    "autosave": 0
  }
}
