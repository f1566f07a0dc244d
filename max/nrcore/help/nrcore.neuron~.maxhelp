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
      1220.0,
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
    "description": "help for nrcore.neuron~",
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
          "text": "nrcore.neuron~",
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
            1100,
            40.0
          ],
          "text": "nrcore neuron, 3 inputs, inside MSP: the same equations as nrcore's kernels, as gen~ code (generated; checked sample by sample against the kernels outside Max). Noise uses gen~'s own generator.",
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
            400,
            20.0
          ],
          "text": "1. Audio on (the DAC below also toggles it).",
          "id": "obj-3"
        }
      },
      {
        "box": {
          "maxclass": "newobj",
          "numinlets": 1,
          "numoutlets": 1,
          "outlettype": [
            "bang"
          ],
          "patching_rect": [
            20,
            108,
            70.0,
            22.0
          ],
          "text": "loadbang",
          "id": "obj-4"
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
            140,
            90,
            22.0
          ],
          "text": "; dsp start",
          "id": "obj-5"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            20,
            402.0,
            420,
            20.0
          ],
          "text": "2. Signals in: sines (and noise) into the inputs.",
          "id": "obj-6"
        }
      },
      {
        "box": {
          "maxclass": "newobj",
          "numinlets": 3,
          "numoutlets": 2,
          "outlettype": [
            "signal",
            "signal"
          ],
          "patching_rect": [
            20,
            552.0,
            330.0,
            22.0
          ],
          "text": "nrcore.neuron~",
          "id": "obj-7"
        }
      },
      {
        "box": {
          "maxclass": "newobj",
          "numinlets": 2,
          "numoutlets": 1,
          "outlettype": [
            "signal"
          ],
          "patching_rect": [
            20.0,
            452.0,
            80,
            22.0
          ],
          "text": "cycle~ 110",
          "id": "obj-8"
        }
      },
      {
        "box": {
          "maxclass": "newobj",
          "numinlets": 2,
          "numoutlets": 1,
          "outlettype": [
            "signal"
          ],
          "patching_rect": [
            181.0,
            452.0,
            80,
            22.0
          ],
          "text": "cycle~ 167",
          "id": "obj-9"
        }
      },
      {
        "box": {
          "maxclass": "newobj",
          "numinlets": 1,
          "numoutlets": 1,
          "outlettype": [
            "signal"
          ],
          "patching_rect": [
            342.0,
            452.0,
            60,
            22.0
          ],
          "text": "noise~",
          "id": "obj-10"
        }
      },
      {
        "box": {
          "maxclass": "newobj",
          "numinlets": 2,
          "numoutlets": 1,
          "outlettype": [
            "signal"
          ],
          "patching_rect": [
            342.0,
            492.0,
            60,
            22.0
          ],
          "text": "*~ 0.1",
          "id": "obj-11"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            370.0,
            622.0,
            300,
            20.0
          ],
          "text": "3. Out: to the speakers (quietly) and a meter.",
          "id": "obj-12"
        }
      },
      {
        "box": {
          "maxclass": "newobj",
          "numinlets": 2,
          "numoutlets": 1,
          "outlettype": [
            "signal"
          ],
          "patching_rect": [
            20,
            622.0,
            60,
            22.0
          ],
          "text": "*~ 0.2",
          "id": "obj-13"
        }
      },
      {
        "box": {
          "maxclass": "ezdac~",
          "numinlets": 2,
          "numoutlets": 0,
          "outlettype": [],
          "parameter_enable": 0,
          "patching_rect": [
            20,
            656.0,
            45.0,
            45.0
          ],
          "id": "obj-14"
        }
      },
      {
        "box": {
          "maxclass": "meter~",
          "numinlets": 1,
          "numoutlets": 1,
          "outlettype": [
            "float"
          ],
          "parameter_enable": 0,
          "patching_rect": [
            270.0,
            622.0,
            80.0,
            13.0
          ],
          "id": "obj-15"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            520.0,
            84,
            660,
            40.0
          ],
          "text": "4. Every parameter (gen~ Param): click to set it. Names as in nrcore; a choice is its index (activation: 0 linear, 1 tanh, 2 sigmoid, 3 relu, 4 hardclip, 5 softclip, 6 sinefold, 7 nlc).",
          "id": "obj-16"
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
            520.0,
            130.0,
            170,
            22.0
          ],
          "text": "weights_1 0.5",
          "id": "obj-17"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            130.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-18"
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
            520.0,
            158.0,
            170,
            22.0
          ],
          "text": "weights_2 0.5",
          "id": "obj-19"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            158.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-20"
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
            520.0,
            186.0,
            170,
            22.0
          ],
          "text": "weights_3 0.5",
          "id": "obj-21"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            186.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-22"
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
            520.0,
            214.0,
            170,
            22.0
          ],
          "text": "bias 0",
          "id": "obj-23"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            214.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-24"
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
            520.0,
            242.0,
            170,
            22.0
          ],
          "text": "activation 1",
          "id": "obj-25"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            242.0,
            200,
            20.0
          ],
          "text": "range 0 .. 7",
          "id": "obj-26"
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
            520.0,
            270.0,
            170,
            22.0
          ],
          "text": "response 0.5",
          "id": "obj-27"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            270.0,
            200,
            20.0
          ],
          "text": "range 0 .. 1",
          "id": "obj-28"
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
            520.0,
            298.0,
            170,
            22.0
          ],
          "text": "feedback 0",
          "id": "obj-29"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            298.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-30"
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
            520.0,
            326.0,
            170,
            22.0
          ],
          "text": "feedback_delay 1",
          "id": "obj-31"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            326.0,
            200,
            20.0
          ],
          "text": "range 1 .. 192000",
          "id": "obj-32"
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
            520.0,
            354.0,
            170,
            22.0
          ],
          "text": "feedback_source 0",
          "id": "obj-33"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            354.0,
            200,
            20.0
          ],
          "text": "range 0 .. 1",
          "id": "obj-34"
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
            520.0,
            382.0,
            170,
            22.0
          ],
          "text": "noise_ 0",
          "id": "obj-35"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            382.0,
            200,
            20.0
          ],
          "text": "range 0 .. 10",
          "id": "obj-36"
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
            520.0,
            410.0,
            170,
            22.0
          ],
          "text": "threshold 0",
          "id": "obj-37"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            410.0,
            200,
            20.0
          ],
          "text": "range -10 .. 10",
          "id": "obj-38"
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
            520.0,
            438.0,
            170,
            22.0
          ],
          "text": "hysteresis 0.1",
          "id": "obj-39"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            438.0,
            200,
            20.0
          ],
          "text": "range 0 .. 10",
          "id": "obj-40"
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
            520.0,
            466.0,
            170,
            22.0
          ],
          "text": "output_cutoff 0",
          "id": "obj-41"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            466.0,
            200,
            20.0
          ],
          "text": "range 0 .. 96000",
          "id": "obj-42"
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
            520.0,
            494.0,
            170,
            22.0
          ],
          "text": "smoothing 20",
          "id": "obj-43"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            494.0,
            200,
            20.0
          ],
          "text": "range 0 .. 10000",
          "id": "obj-44"
        }
      }
    ],
    "lines": [
      {
        "patchline": {
          "source": [
            "obj-4",
            0
          ],
          "destination": [
            "obj-5",
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
            "obj-7",
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
            "obj-7",
            1
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
            "obj-11",
            0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-11",
            0
          ],
          "destination": [
            "obj-7",
            2
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
            "obj-13",
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
            "obj-13",
            0
          ],
          "destination": [
            "obj-14",
            1
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-7",
            1
          ],
          "destination": [
            "obj-15",
            0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-17",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            157.0,
            500.0,
            157.0,
            500.0,
            540.0,
            24.0,
            540.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-19",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            185.0,
            500.0,
            185.0,
            500.0,
            540.0,
            24.0,
            540.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-21",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            213.0,
            500.0,
            213.0,
            500.0,
            540.0,
            24.0,
            540.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-23",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            241.0,
            500.0,
            241.0,
            500.0,
            540.0,
            24.0,
            540.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-25",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            269.0,
            500.0,
            269.0,
            500.0,
            540.0,
            24.0,
            540.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-27",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            297.0,
            500.0,
            297.0,
            500.0,
            540.0,
            24.0,
            540.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-29",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            325.0,
            500.0,
            325.0,
            500.0,
            540.0,
            24.0,
            540.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-31",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            353.0,
            500.0,
            353.0,
            500.0,
            540.0,
            24.0,
            540.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-33",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            381.0,
            500.0,
            381.0,
            500.0,
            540.0,
            24.0,
            540.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-35",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            409.0,
            500.0,
            409.0,
            500.0,
            540.0,
            24.0,
            540.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-37",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            437.0,
            500.0,
            437.0,
            500.0,
            540.0,
            24.0,
            540.0
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
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            465.0,
            500.0,
            465.0,
            500.0,
            540.0,
            24.0,
            540.0
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
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            493.0,
            500.0,
            493.0,
            500.0,
            540.0,
            24.0,
            540.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-43",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            521.0,
            500.0,
            521.0,
            500.0,
            540.0,
            24.0,
            540.0
          ]
        }
      }
    ],
    "dependency_cache": [],
    "autosave": 0
  }
}
