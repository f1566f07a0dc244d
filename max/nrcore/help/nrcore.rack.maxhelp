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
      988.0
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
    "description": "help for nrcore.rack",
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
          "text": "nrcore.rack",
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
          "text": "The Neurorack engine (see the module docstring for the inputs).",
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
            20.0
          ],
          "text": "2. Turn it on: a new sound every second.",
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
            198,
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
            232,
            84.0,
            22.0
          ],
          "text": "metro 1000",
          "id": "obj-7"
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
            264,
            61.0,
            22.0
          ],
          "text": "trigger",
          "id": "obj-8"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            20,
            306,
            420,
            40.0
          ],
          "text": "3. Hear it: start the server's audio, then click 'play 0' (right). Needs a sound card on the computer running nrcore serve.",
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
            352,
            150,
            22.0
          ],
          "text": "/nrcore/audio start",
          "id": "obj-10"
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
            352,
            140,
            22.0
          ],
          "text": "/nrcore/audio stop",
          "id": "obj-11"
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
            386,
            100,
            22.0
          ],
          "text": "s nrcore.out",
          "id": "obj-12"
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
          "id": "obj-13"
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
            257.0,
            22.0
          ],
          "text": "volume 1.",
          "id": "obj-14"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            757.0,
            120.0,
            1003.0,
            20.0
          ],
          "text": "volume (float, [0, 4], default 1): Output level",
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
            152.0,
            257.0,
            22.0
          ],
          "text": "freeze_ms 80.",
          "id": "obj-16"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            757.0,
            152.0,
            1003.0,
            20.0
          ],
          "text": "freeze_ms (float, [50, 100] ms, default 80): Length of the gate-2 freeze loop",
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
            184.0,
            257.0,
            22.0
          ],
          "text": "freeze_fade_ms 5.",
          "id": "obj-18"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            757.0,
            184.0,
            1003.0,
            20.0
          ],
          "text": "freeze_fade_ms (float, [0.5, 25] ms, default 5): Crossfade at the loop point and into/out of the freeze",
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
            216.0,
            257.0,
            22.0
          ],
          "text": "steal_ms 5.",
          "id": "obj-20"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            757.0,
            216.0,
            1003.0,
            20.0
          ],
          "text": "steal_ms (float, [0.5, 50] ms, default 5): Fade-out of an impact stolen by a retrigger",
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
            248.0,
            257.0,
            22.0
          ],
          "text": "model_fade_ms 50.",
          "id": "obj-22"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            757.0,
            248.0,
            1003.0,
            20.0
          ],
          "text": "model_fade_ms (float, [5, 1000] ms, default 50): Crossfade from the old to the new model on a switch",
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
            280.0,
            257.0,
            22.0
          ],
          "text": "interpolation descriptors",
          "id": "obj-24"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            757.0,
            280.0,
            1003.0,
            20.0
          ],
          "text": "interpolation (choice, one of descriptors, latent, default descriptors): Where CV1 morphs F1 into F2",
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
            312.0,
            257.0,
            22.0
          ],
          "text": "scrub_frames 32",
          "id": "obj-26"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            757.0,
            312.0,
            1003.0,
            20.0
          ],
          "text": "scrub_frames (int, [2, 256], default 32): Descriptor frames CV2 shifts the impact back (-5 V) or ahead (+5 V)",
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
            344.0,
            257.0,
            22.0
          ],
          "text": "transient_range 1.",
          "id": "obj-28"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            757.0,
            344.0,
            1003.0,
            20.0
          ],
          "text": "transient_range (float, [0, 2] octaves, default 1): CV3 scaling of RMS and bandwidth at +5 V (2**range; -5 V divides)",
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
            376.0,
            257.0,
            22.0
          ],
          "text": "transient_tilt 6.",
          "id": "obj-30"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            757.0,
            376.0,
            1003.0,
            20.0
          ],
          "text": "transient_tilt (float, [0, 12] dB, default 6): CV3 boost (+5 V) or cut (-5 V) of the band above 1.5 kHz",
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
            408.0,
            257.0,
            22.0
          ],
          "text": "variation_max 0.2",
          "id": "obj-32"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            757.0,
            408.0,
            1003.0,
            20.0
          ],
          "text": "variation_max (float, [0, 0.2], default 0.2): CV4 random variation at +5 V (fraction of the value)",
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
            440.0,
            257.0,
            22.0
          ],
          "text": "variation_mask 1. 0. 1. 1. 1. 1. 0.",
          "id": "obj-34"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            757.0,
            440.0,
            1003.0,
            20.0
          ],
          "text": "variation_mask (vector, [0, 1], default (1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0)): Descriptors CV4 varies (1 = varied, 0 = kept), in order rms, zcr, centroid, rolloff, bandwidth, flatness, f0",
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
            472.0,
            257.0,
            22.0
          ],
          "text": "gate_hysteresis 1.",
          "id": "obj-36"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            757.0,
            472.0,
            1003.0,
            20.0
          ],
          "text": "gate_hysteresis (float, [0, 2.4] V, default 1): Gates go low again below 2.5 V minus this",
          "id": "obj-37"
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
            504.0,
            257.0,
            22.0
          ],
          "text": "seed 1",
          "id": "obj-38"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            757.0,
            504.0,
            1003.0,
            20.0
          ],
          "text": "seed (int, [0, 2.14748e+09], default 1): Seed of the CV4 variation",
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
            480,
            536.0,
            257.0,
            22.0
          ],
          "text": "f1 0.",
          "id": "obj-40"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            757.0,
            536.0,
            1003.0,
            20.0
          ],
          "text": "f1 (matrix, [-inf, inf], default 0): Descriptor curves at CV1 = -5 V (7 rows: rms, zcr, centroid, rolloff, bandwidth, flatness, f0; one column per frame); a single 0 restores the factory preset",
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
            480,
            568.0,
            257.0,
            22.0
          ],
          "text": "f2 0.",
          "id": "obj-42"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            757.0,
            568.0,
            1003.0,
            20.0
          ],
          "text": "f2 (matrix, [-inf, inf], default 0): Descriptor curves at CV1 = +5 V (7 rows: rms, zcr, centroid, rolloff, bandwidth, flatness, f0; one column per frame); a single 0 restores the factory preset",
          "id": "obj-43"
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
            600.0,
            257.0,
            22.0
          ],
          "text": "dump",
          "id": "obj-44"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            757.0,
            600.0,
            1003.0,
            20.0
          ],
          "text": "every parameter value to the right outlet",
          "id": "obj-45"
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
            632.0,
            257.0,
            22.0
          ],
          "text": "get volume",
          "id": "obj-46"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            757.0,
            632.0,
            1003.0,
            20.0
          ],
          "text": "one parameter value to the right outlet",
          "id": "obj-47"
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
            664.0,
            257.0,
            22.0
          ],
          "text": "reset",
          "id": "obj-48"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            757.0,
            664.0,
            1003.0,
            20.0
          ],
          "text": "clear signal state, keep parameters",
          "id": "obj-49"
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
            696.0,
            257.0,
            22.0
          ],
          "text": "rate 33.3",
          "id": "obj-50"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            757.0,
            696.0,
            1003.0,
            20.0
          ],
          "text": "run 33.3 times a second ([metro 30]): smoothing and cutoffs count seconds of runs; 'rate auto' measures it",
          "id": "obj-51"
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
            728.0,
            257.0,
            22.0
          ],
          "text": "play 0",
          "id": "obj-52"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            757.0,
            728.0,
            1003.0,
            20.0
          ],
          "text": "play output 0 through the server's audio, channel 0",
          "id": "obj-53"
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
            760.0,
            257.0,
            22.0
          ],
          "text": "mute",
          "id": "obj-54"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            757.0,
            760.0,
            1003.0,
            20.0
          ],
          "text": "stop playing",
          "id": "obj-55"
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
            822.0,
            220,
            22.0
          ],
          "text": "nrcore.rack help-rack",
          "id": "obj-56"
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
            866.0,
            90,
            22.0
          ],
          "text": "prepend set",
          "id": "obj-57"
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
            898.0,
            220,
            22.0
          ],
          "text": "",
          "id": "obj-58"
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
            866.0,
            90,
            22.0
          ],
          "text": "prepend set",
          "id": "obj-59"
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
            898.0,
            420,
            22.0
          ],
          "text": "",
          "id": "obj-60"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            20,
            928.0,
            220,
            20.0
          ],
          "text": "outputs of each frame (left outlet)",
          "id": "obj-61"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            250,
            928.0,
            420,
            20.0
          ],
          "text": "other replies: param name values, examples, trained... (right outlet)",
          "id": "obj-62"
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
            "obj-10",
            0
          ],
          "destination": [
            "obj-12",
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
            "obj-12",
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
            "obj-56",
            0
          ],
          "midpoints": [
            24.0,
            291.0,
            10.0,
            291.0,
            10.0,
            810.0,
            24.0,
            810.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-14",
            0
          ],
          "destination": [
            "obj-56",
            0
          ],
          "midpoints": [
            484.0,
            147.0,
            460.0,
            147.0,
            460.0,
            810.0,
            24.0,
            810.0
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
            "obj-56",
            0
          ],
          "midpoints": [
            484.0,
            179.0,
            460.0,
            179.0,
            460.0,
            810.0,
            24.0,
            810.0
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
            "obj-56",
            0
          ],
          "midpoints": [
            484.0,
            211.0,
            460.0,
            211.0,
            460.0,
            810.0,
            24.0,
            810.0
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
            "obj-56",
            0
          ],
          "midpoints": [
            484.0,
            243.0,
            460.0,
            243.0,
            460.0,
            810.0,
            24.0,
            810.0
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
            "obj-56",
            0
          ],
          "midpoints": [
            484.0,
            275.0,
            460.0,
            275.0,
            460.0,
            810.0,
            24.0,
            810.0
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
            "obj-56",
            0
          ],
          "midpoints": [
            484.0,
            307.0,
            460.0,
            307.0,
            460.0,
            810.0,
            24.0,
            810.0
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
            "obj-56",
            0
          ],
          "midpoints": [
            484.0,
            339.0,
            460.0,
            339.0,
            460.0,
            810.0,
            24.0,
            810.0
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
            "obj-56",
            0
          ],
          "midpoints": [
            484.0,
            371.0,
            460.0,
            371.0,
            460.0,
            810.0,
            24.0,
            810.0
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
            "obj-56",
            0
          ],
          "midpoints": [
            484.0,
            403.0,
            460.0,
            403.0,
            460.0,
            810.0,
            24.0,
            810.0
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
            "obj-56",
            0
          ],
          "midpoints": [
            484.0,
            435.0,
            460.0,
            435.0,
            460.0,
            810.0,
            24.0,
            810.0
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
            "obj-56",
            0
          ],
          "midpoints": [
            484.0,
            467.0,
            460.0,
            467.0,
            460.0,
            810.0,
            24.0,
            810.0
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
            "obj-56",
            0
          ],
          "midpoints": [
            484.0,
            499.0,
            460.0,
            499.0,
            460.0,
            810.0,
            24.0,
            810.0
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
            "obj-56",
            0
          ],
          "midpoints": [
            484.0,
            531.0,
            460.0,
            531.0,
            460.0,
            810.0,
            24.0,
            810.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-40",
            0
          ],
          "destination": [
            "obj-56",
            0
          ],
          "midpoints": [
            484.0,
            563.0,
            460.0,
            563.0,
            460.0,
            810.0,
            24.0,
            810.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-42",
            0
          ],
          "destination": [
            "obj-56",
            0
          ],
          "midpoints": [
            484.0,
            595.0,
            460.0,
            595.0,
            460.0,
            810.0,
            24.0,
            810.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-44",
            0
          ],
          "destination": [
            "obj-56",
            0
          ],
          "midpoints": [
            484.0,
            627.0,
            460.0,
            627.0,
            460.0,
            810.0,
            24.0,
            810.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-46",
            0
          ],
          "destination": [
            "obj-56",
            0
          ],
          "midpoints": [
            484.0,
            659.0,
            460.0,
            659.0,
            460.0,
            810.0,
            24.0,
            810.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-48",
            0
          ],
          "destination": [
            "obj-56",
            0
          ],
          "midpoints": [
            484.0,
            691.0,
            460.0,
            691.0,
            460.0,
            810.0,
            24.0,
            810.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-50",
            0
          ],
          "destination": [
            "obj-56",
            0
          ],
          "midpoints": [
            484.0,
            723.0,
            460.0,
            723.0,
            460.0,
            810.0,
            24.0,
            810.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-52",
            0
          ],
          "destination": [
            "obj-56",
            0
          ],
          "midpoints": [
            484.0,
            755.0,
            460.0,
            755.0,
            460.0,
            810.0,
            24.0,
            810.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-54",
            0
          ],
          "destination": [
            "obj-56",
            0
          ],
          "midpoints": [
            484.0,
            787.0,
            460.0,
            787.0,
            460.0,
            810.0,
            24.0,
            810.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-56",
            0
          ],
          "destination": [
            "obj-57",
            0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-57",
            0
          ],
          "destination": [
            "obj-58",
            0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-56",
            1
          ],
          "destination": [
            "obj-59",
            0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-59",
            0
          ],
          "destination": [
            "obj-60",
            0
          ]
        }
      }
    ],
    "dependency_cache": [],
    "autosave": 0
  }
}
