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
      1120.0,
      870.0
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
    "description": "help for nrcore.dualneuron",
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
          "text": "nrcore.dualneuron",
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
            1000,
            40.0
          ],
          "text": "The Nonlinear Circuits Double Neuron driven by a 3D joystick: a two-neuron network.",
          "id": "obj-2"
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
            80,
            105.0,
            22.0
          ],
          "text": "nrcore.client",
          "id": "obj-3"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            140,
            80,
            500,
            20.0
          ],
          "text": "one [nrcore.client] open in Max: it talks to nrcore serve (and starts it)",
          "id": "obj-4"
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
            760,
            200,
            22.0
          ],
          "text": "nrcore.dualneuron help-dualneuron",
          "id": "obj-5"
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
            810,
            154.0,
            22.0
          ],
          "text": "print dualneuron-out",
          "id": "obj-6"
        }
      },
      {
        "box": {
          "maxclass": "newobj",
          "numinlets": 1,
          "numoutlets": 0,
          "outlettype": [],
          "patching_rect": [
            240,
            810,
            168.0,
            22.0
          ],
          "text": "print dualneuron-reply",
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
            120,
            208.0,
            22.0
          ],
          "text": "weights 1. 0. 0.5 0. 1. -0.5",
          "id": "obj-8"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            400,
            120,
            680,
            20.0
          ],
          "text": "weights (matrix, [-100, 100], default ((1.0, 0.0, 0.5), (0.0, 1.0, -0.5))): Gain of joystick X, Y, Z (columns) into neuron A and neuron B (rows)",
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
            152,
            103.0,
            22.0
          ],
          "text": "bias 0.3 -0.2",
          "id": "obj-10"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            400,
            152,
            680,
            20.0
          ],
          "text": "bias (vector, [-100, 100], default (0.3, -0.2)): Offset of each neuron, the module's 'sense' (A, B)",
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
            184,
            138.0,
            22.0
          ],
          "text": "cross_feedback 1.5",
          "id": "obj-12"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            400,
            184,
            680,
            20.0
          ],
          "text": "cross_feedback (float, [0, 50], default 1.5): Gain of each neuron's delayed output into the other: < 1 static, 1.25-2.5 a tone, >= 3 chaos",
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
            20,
            216,
            124.0,
            22.0
          ],
          "text": "coupling opposed",
          "id": "obj-14"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            400,
            216,
            680,
            20.0
          ],
          "text": "coupling (choice, one of opposed, mutual, default opposed): Sign of the cross connections: opposed, B excites A and A inhibits B (a tone before chaos); mutual, both excite (outputs patched into each other's inputs)",
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
            20,
            248,
            124.0,
            22.0
          ],
          "text": "self_feedback 0.",
          "id": "obj-16"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            400,
            248,
            680,
            20.0
          ],
          "text": "self_feedback (float, [-50, 50], default 0): Gain of each neuron's own delayed output into itself",
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
            20,
            280,
            145.0,
            22.0
          ],
          "text": "activation sinefold",
          "id": "obj-18"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            400,
            280,
            680,
            20.0
          ],
          "text": "activation (choice, one of linear, tanh, sigmoid, relu, hardclip, softclip, sinefold, nlc, default sinefold): Nonlinearity of the neurons (one name, or one each)",
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
            20,
            312,
            96.0,
            22.0
          ],
          "text": "response 0.5",
          "id": "obj-20"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            400,
            312,
            680,
            20.0
          ],
          "text": "response (float, [0, 1], default 0.5): Comparator spike level of the 'nlc' activation",
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
            20,
            344,
            68.0,
            22.0
          ],
          "text": "noise 0.",
          "id": "obj-22"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            400,
            344,
            680,
            20.0
          ],
          "text": "noise (float, [0, 10], default 0): Amplitude of white noise added to each neuron's sum",
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
            20,
            376,
            54.0,
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
            400,
            376,
            680,
            20.0
          ],
          "text": "seed (int, [0, 4.29497e+09], default 1): Seed of the noise generator",
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
            20,
            408,
            96.0,
            22.0
          ],
          "text": "cutoff 1000.",
          "id": "obj-26"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            400,
            408,
            680,
            20.0
          ],
          "text": "cutoff (float, [0, 96000] Hz, default 1000): One-pole low-pass on both outputs (0 = off): lower is darker and slower",
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
            20,
            440,
            110.0,
            22.0
          ],
          "text": "cross_delay 24",
          "id": "obj-28"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            400,
            440,
            680,
            20.0
          ],
          "text": "cross_delay (int, [1, 192000] samples, default 24): Delay of the cross (and self) feedback; sets the pitch region",
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
            20,
            472,
            103.0,
            22.0
          ],
          "text": "smoothing 20.",
          "id": "obj-30"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            400,
            472,
            680,
            20.0
          ],
          "text": "smoothing (float, [0, 10000] ms, default 20): Time constant of parameter changes, so automation does not click",
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
            20,
            504,
            89.0,
            22.0
          ],
          "text": "0.1 0.2 0.3",
          "id": "obj-32"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            400,
            504,
            680,
            20.0
          ],
          "text": "a list of numbers: run one frame at control rate; outputs leave the left outlet",
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
            20,
            536,
            40.0,
            22.0
          ],
          "text": "dump",
          "id": "obj-34"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            400,
            536,
            680,
            20.0
          ],
          "text": "every parameter value to the right outlet",
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
            20,
            568,
            89.0,
            22.0
          ],
          "text": "get weights",
          "id": "obj-36"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            400,
            568,
            680,
            20.0
          ],
          "text": "one parameter value to the right outlet",
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
            20,
            600,
            47.0,
            22.0
          ],
          "text": "reset",
          "id": "obj-38"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            400,
            600,
            680,
            20.0
          ],
          "text": "clear signal state, keep parameters",
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
            632,
            54.0,
            22.0
          ],
          "text": "play 0",
          "id": "obj-40"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            400,
            632,
            680,
            20.0
          ],
          "text": "play output 0 through the server's audio engine, channel 0",
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
            20,
            664,
            40.0,
            22.0
          ],
          "text": "mute",
          "id": "obj-42"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            400,
            664,
            680,
            20.0
          ],
          "text": "stop playing",
          "id": "obj-43"
        }
      }
    ],
    "lines": [
      {
        "patchline": {
          "source": [
            "obj-5",
            0
          ],
          "destination": [
            "obj-6",
            0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-5",
            1
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
            "obj-8",
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
            "obj-10",
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
            "obj-12",
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
            "obj-14",
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
            "obj-16",
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
            "obj-18",
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
            "obj-20",
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
            "obj-22",
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
            "obj-24",
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
            "obj-26",
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
            "obj-28",
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
            "obj-30",
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
            "obj-32",
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
            "obj-34",
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
            "obj-36",
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
            "obj-38",
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
            "obj-40",
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
            "obj-42",
            0
          ],
          "destination": [
            "obj-5",
            0
          ]
        }
      }
    ],
    "dependency_cache": [],
    "autosave": 0
  }
}
