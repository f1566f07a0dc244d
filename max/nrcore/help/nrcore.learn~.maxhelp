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
      1260.0,
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
    "description": "help for nrcore.learn~",
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
          "text": "nrcore.learn~",
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
          "text": "nrcore NLMS learning neuron inside MSP: the same equations as nrcore's kernels, as gen~ code (generated; checked sample by sample against the kernels outside Max). Noise uses gen~'s own generator.",
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
            374.0,
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
          "numinlets": 4,
          "numoutlets": 2,
          "outlettype": [
            "signal",
            "signal"
          ],
          "patching_rect": [
            20,
            524.0,
            440.0,
            22.0
          ],
          "text": "nrcore.learn~",
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
            424.0,
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
            164.0,
            424.0,
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
            308.0,
            424.0,
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
            308.0,
            464.0,
            60,
            22.0
          ],
          "text": "*~ 0.1",
          "id": "obj-11"
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
            452.0,
            424.0,
            80,
            22.0
          ],
          "text": "cycle~ 55",
          "id": "obj-12"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            452.0,
            400.0,
            60,
            20.0
          ],
          "text": "target",
          "id": "obj-13"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            480.0,
            594.0,
            300,
            20.0
          ],
          "text": "3. Out: to the speakers (quietly) and a meter.",
          "id": "obj-14"
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
            594.0,
            60,
            22.0
          ],
          "text": "*~ 0.2",
          "id": "obj-15"
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
            628.0,
            45.0,
            45.0
          ],
          "id": "obj-16"
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
            380.0,
            594.0,
            80.0,
            13.0
          ],
          "id": "obj-17"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            560.0,
            84,
            660,
            40.0
          ],
          "text": "4. Every parameter (gen~ Param): click to set it. Names as in nrcore; a choice is its index (activation: 0 linear, 1 tanh, 2 sigmoid, 3 relu, 4 hardclip, 5 softclip, 6 sinefold, 7 nlc).",
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
            560.0,
            130.0,
            170,
            22.0
          ],
          "text": "weights_1 0",
          "id": "obj-19"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            750.0,
            130.0,
            200,
            20.0
          ],
          "text": "range -1e+06 .. 1e+06",
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
            560.0,
            158.0,
            170,
            22.0
          ],
          "text": "weights_2 0",
          "id": "obj-21"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            750.0,
            158.0,
            200,
            20.0
          ],
          "text": "range -1e+06 .. 1e+06",
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
            560.0,
            186.0,
            170,
            22.0
          ],
          "text": "weights_3 0",
          "id": "obj-23"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            750.0,
            186.0,
            200,
            20.0
          ],
          "text": "range -1e+06 .. 1e+06",
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
            560.0,
            214.0,
            170,
            22.0
          ],
          "text": "bias 0",
          "id": "obj-25"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            750.0,
            214.0,
            200,
            20.0
          ],
          "text": "range -1e+06 .. 1e+06",
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
            560.0,
            242.0,
            170,
            22.0
          ],
          "text": "learn_bias 1",
          "id": "obj-27"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            750.0,
            242.0,
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
            560.0,
            270.0,
            170,
            22.0
          ],
          "text": "activation 1",
          "id": "obj-29"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            750.0,
            270.0,
            200,
            20.0
          ],
          "text": "range 0 .. 7",
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
            560.0,
            298.0,
            170,
            22.0
          ],
          "text": "response 0.5",
          "id": "obj-31"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            750.0,
            298.0,
            200,
            20.0
          ],
          "text": "range 0 .. 1",
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
            560.0,
            326.0,
            170,
            22.0
          ],
          "text": "mu 0.1",
          "id": "obj-33"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            750.0,
            326.0,
            200,
            20.0
          ],
          "text": "range 0 .. 10000",
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
            560.0,
            354.0,
            170,
            22.0
          ],
          "text": "algorithm 0",
          "id": "obj-35"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            750.0,
            354.0,
            200,
            20.0
          ],
          "text": "range 0 .. 2",
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
            560.0,
            382.0,
            170,
            22.0
          ],
          "text": "leak 0",
          "id": "obj-37"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            750.0,
            382.0,
            200,
            20.0
          ],
          "text": "range 0 .. 1",
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
            560.0,
            410.0,
            170,
            22.0
          ],
          "text": "eps 0.001",
          "id": "obj-39"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            750.0,
            410.0,
            200,
            20.0
          ],
          "text": "range 1e-09 .. 1000",
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
            560.0,
            438.0,
            170,
            22.0
          ],
          "text": "freeze 0",
          "id": "obj-41"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            750.0,
            438.0,
            200,
            20.0
          ],
          "text": "range 0 .. 1",
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
            560.0,
            466.0,
            170,
            22.0
          ],
          "text": "weight_limit 100",
          "id": "obj-43"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            750.0,
            466.0,
            200,
            20.0
          ],
          "text": "range 0.001 .. 1e+06",
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
            "obj-12",
            0
          ],
          "destination": [
            "obj-7",
            3
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
            "obj-15",
            0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-15",
            0
          ],
          "destination": [
            "obj-16",
            0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-15",
            0
          ],
          "destination": [
            "obj-16",
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
            "obj-17",
            0
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
            564.0,
            157.0,
            540.0,
            157.0,
            540.0,
            512.0,
            24.0,
            512.0
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
            564.0,
            185.0,
            540.0,
            185.0,
            540.0,
            512.0,
            24.0,
            512.0
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
            564.0,
            213.0,
            540.0,
            213.0,
            540.0,
            512.0,
            24.0,
            512.0
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
            564.0,
            241.0,
            540.0,
            241.0,
            540.0,
            512.0,
            24.0,
            512.0
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
            564.0,
            269.0,
            540.0,
            269.0,
            540.0,
            512.0,
            24.0,
            512.0
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
            564.0,
            297.0,
            540.0,
            297.0,
            540.0,
            512.0,
            24.0,
            512.0
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
            564.0,
            325.0,
            540.0,
            325.0,
            540.0,
            512.0,
            24.0,
            512.0
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
            564.0,
            353.0,
            540.0,
            353.0,
            540.0,
            512.0,
            24.0,
            512.0
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
            564.0,
            381.0,
            540.0,
            381.0,
            540.0,
            512.0,
            24.0,
            512.0
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
            564.0,
            409.0,
            540.0,
            409.0,
            540.0,
            512.0,
            24.0,
            512.0
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
            564.0,
            437.0,
            540.0,
            437.0,
            540.0,
            512.0,
            24.0,
            512.0
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
            564.0,
            465.0,
            540.0,
            465.0,
            540.0,
            512.0,
            24.0,
            512.0
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
            564.0,
            493.0,
            540.0,
            493.0,
            540.0,
            512.0,
            24.0,
            512.0
          ]
        }
      }
    ],
    "dependency_cache": [],
    "autosave": 0
  }
}
