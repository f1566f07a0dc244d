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
    "description": "help for nrcore.learn",
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
          "text": "nrcore.learn",
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
          "text": "A neuron that learns, every sample, to turn its inputs into a target signal.",
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
          "text": "nrcore.learn help-learn",
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
            119.0,
            22.0
          ],
          "text": "print learn-out",
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
            133.0,
            22.0
          ],
          "text": "print learn-reply",
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
            124.0,
            22.0
          ],
          "text": "weights 0. 0. 0.",
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
          "text": "weights (vector, [-1e+06, 1e+06], default 0): Initial weight of each input (restored by reset)",
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
            61.0,
            22.0
          ],
          "text": "bias 0.",
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
          "text": "bias (float, [-1e+06, 1e+06], default 0): Initial bias (restored by reset)",
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
            96.0,
            22.0
          ],
          "text": "learn_bias 1",
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
          "text": "learn_bias (bool, 0 or 1, default True): Also learn the bias, as a weight on a constant input of 1",
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
            117.0,
            22.0
          ],
          "text": "activation tanh",
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
          "text": "activation (choice, one of linear, tanh, sigmoid, relu, hardclip, softclip, sinefold, nlc, default tanh): Nonlinearity f of the neuron",
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
            96.0,
            22.0
          ],
          "text": "response 0.5",
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
          "text": "response (float, [0, 1], default 0.5): Comparator spike level of the 'nlc' activation",
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
            54.0,
            22.0
          ],
          "text": "mu 0.1",
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
          "text": "mu (float, [0, 10000], default 0.1): Learning rate (step size) of every weight update",
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
            110.0,
            22.0
          ],
          "text": "algorithm nlms",
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
          "text": "algorithm (choice, one of nlms, lms, sign_error, default nlms): Weight-update rule: nlms, lms or sign_error",
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
            61.0,
            22.0
          ],
          "text": "leak 0.",
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
          "text": "leak (float, [0, 1], default 0): Fraction of every weight forgotten per sample, pulling unused weights back to 0",
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
            75.0,
            22.0
          ],
          "text": "eps 0.001",
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
          "text": "eps (float, [1e-09, 1000], default 0.001): Regulariser of the NLMS step, so silent inputs do not blow it up",
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
            68.0,
            22.0
          ],
          "text": "freeze 0",
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
          "text": "freeze (bool, 0 or 1, default False): Stop learning; the output keeps using the current weights",
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
            131.0,
            22.0
          ],
          "text": "weight_limit 100.",
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
          "text": "weight_limit (float, [0.001, 1e+06], default 100): Every weight is clamped to +-this; reaching it counts as divergence",
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
            145.0,
            22.0
          ],
          "text": "trajectory_every 64",
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
          "text": "trajectory_every (int, [1, 100000] samples, default 64): Record the weights once every this many samples",
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
            117.0,
            22.0
          ],
          "text": "0.1 0.2 0.3 0.4",
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
