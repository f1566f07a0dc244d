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
      1556.0
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
    "description": "help for nrcore.net4~",
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
          "text": "nrcore.net4~",
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
          "text": "nrcore 4-neuron network inside MSP: the same equations as nrcore's kernels, as gen~ code (generated; checked sample by sample against the kernels outside Max). Noise uses gen~'s own generator.",
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
            1242.0,
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
          "numoutlets": 4,
          "outlettype": [
            "signal",
            "signal",
            "signal",
            "signal"
          ],
          "patching_rect": [
            20,
            1392.0,
            330.0,
            22.0
          ],
          "text": "nrcore.net4~",
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
            1292.0,
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
            1292.0,
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
            1292.0,
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
            1332.0,
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
            1462.0,
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
            1462.0,
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
            1496.0,
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
            1462.0,
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
          "text": "weights_1_1 0.5",
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
          "text": "weights_1_2 0.5",
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
          "text": "weights_1_3 0.5",
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
          "text": "weights_2_1 0.5",
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
          "text": "weights_2_2 0.5",
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
          "text": "range -100 .. 100",
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
          "text": "weights_2_3 0.5",
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
          "text": "range -100 .. 100",
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
          "text": "weights_3_1 0.5",
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
          "text": "weights_3_2 0.5",
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
          "text": "range -100 .. 100",
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
          "text": "weights_3_3 0.5",
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
          "text": "range -100 .. 100",
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
          "text": "weights_4_1 0.5",
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
          "text": "range -100 .. 100",
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
          "text": "weights_4_2 0.5",
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
          "text": "range -100 .. 100",
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
          "text": "weights_4_3 0.5",
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
          "text": "range -100 .. 100",
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
          "text": "recurrent_1_1 0",
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
          "text": "range -100 .. 100",
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
          "text": "recurrent_1_2 0",
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
          "text": "range -100 .. 100",
          "id": "obj-44"
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
            522.0,
            170,
            22.0
          ],
          "text": "recurrent_1_3 0",
          "id": "obj-45"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            522.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-46"
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
            550.0,
            170,
            22.0
          ],
          "text": "recurrent_1_4 0",
          "id": "obj-47"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            550.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-48"
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
            578.0,
            170,
            22.0
          ],
          "text": "recurrent_2_1 0",
          "id": "obj-49"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            578.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-50"
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
            606.0,
            170,
            22.0
          ],
          "text": "recurrent_2_2 0",
          "id": "obj-51"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            606.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-52"
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
            634.0,
            170,
            22.0
          ],
          "text": "recurrent_2_3 0",
          "id": "obj-53"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            634.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-54"
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
            662.0,
            170,
            22.0
          ],
          "text": "recurrent_2_4 0",
          "id": "obj-55"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            662.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-56"
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
            690.0,
            170,
            22.0
          ],
          "text": "recurrent_3_1 0",
          "id": "obj-57"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            690.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-58"
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
            718.0,
            170,
            22.0
          ],
          "text": "recurrent_3_2 0",
          "id": "obj-59"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            718.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-60"
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
            746.0,
            170,
            22.0
          ],
          "text": "recurrent_3_3 0",
          "id": "obj-61"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            746.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-62"
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
            774.0,
            170,
            22.0
          ],
          "text": "recurrent_3_4 0",
          "id": "obj-63"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            774.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-64"
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
            802.0,
            170,
            22.0
          ],
          "text": "recurrent_4_1 0",
          "id": "obj-65"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            802.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-66"
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
            830.0,
            170,
            22.0
          ],
          "text": "recurrent_4_2 0",
          "id": "obj-67"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            830.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-68"
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
            858.0,
            170,
            22.0
          ],
          "text": "recurrent_4_3 0",
          "id": "obj-69"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            858.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-70"
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
            886.0,
            170,
            22.0
          ],
          "text": "recurrent_4_4 0",
          "id": "obj-71"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            886.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-72"
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
            914.0,
            170,
            22.0
          ],
          "text": "bias_1 0",
          "id": "obj-73"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            914.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-74"
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
            942.0,
            170,
            22.0
          ],
          "text": "bias_2 0",
          "id": "obj-75"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            942.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-76"
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
            970.0,
            170,
            22.0
          ],
          "text": "bias_3 0",
          "id": "obj-77"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            970.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-78"
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
            998.0,
            170,
            22.0
          ],
          "text": "bias_4 0",
          "id": "obj-79"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            998.0,
            200,
            20.0
          ],
          "text": "range -100 .. 100",
          "id": "obj-80"
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
            1026.0,
            170,
            22.0
          ],
          "text": "activation_1 1",
          "id": "obj-81"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            1026.0,
            200,
            20.0
          ],
          "text": "range 0 .. 7",
          "id": "obj-82"
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
            1054.0,
            170,
            22.0
          ],
          "text": "activation_2 1",
          "id": "obj-83"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            1054.0,
            200,
            20.0
          ],
          "text": "range 0 .. 7",
          "id": "obj-84"
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
            1082.0,
            170,
            22.0
          ],
          "text": "activation_3 1",
          "id": "obj-85"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            1082.0,
            200,
            20.0
          ],
          "text": "range 0 .. 7",
          "id": "obj-86"
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
            1110.0,
            170,
            22.0
          ],
          "text": "activation_4 1",
          "id": "obj-87"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            1110.0,
            200,
            20.0
          ],
          "text": "range 0 .. 7",
          "id": "obj-88"
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
            1138.0,
            170,
            22.0
          ],
          "text": "response 0.5",
          "id": "obj-89"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            1138.0,
            200,
            20.0
          ],
          "text": "range 0 .. 1",
          "id": "obj-90"
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
            1166.0,
            170,
            22.0
          ],
          "text": "noise_ 0",
          "id": "obj-91"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            1166.0,
            200,
            20.0
          ],
          "text": "range 0 .. 10",
          "id": "obj-92"
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
            1194.0,
            170,
            22.0
          ],
          "text": "cutoff_1 0",
          "id": "obj-93"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            1194.0,
            200,
            20.0
          ],
          "text": "range 0 .. 96000",
          "id": "obj-94"
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
            1222.0,
            170,
            22.0
          ],
          "text": "cutoff_2 0",
          "id": "obj-95"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            1222.0,
            200,
            20.0
          ],
          "text": "range 0 .. 96000",
          "id": "obj-96"
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
            1250.0,
            170,
            22.0
          ],
          "text": "cutoff_3 0",
          "id": "obj-97"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            1250.0,
            200,
            20.0
          ],
          "text": "range 0 .. 96000",
          "id": "obj-98"
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
            1278.0,
            170,
            22.0
          ],
          "text": "cutoff_4 0",
          "id": "obj-99"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            1278.0,
            200,
            20.0
          ],
          "text": "range 0 .. 96000",
          "id": "obj-100"
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
            1306.0,
            170,
            22.0
          ],
          "text": "delay_ 1",
          "id": "obj-101"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            1306.0,
            200,
            20.0
          ],
          "text": "range 1 .. 192000",
          "id": "obj-102"
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
            1334.0,
            170,
            22.0
          ],
          "text": "smoothing 20",
          "id": "obj-103"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            710.0,
            1334.0,
            200,
            20.0
          ],
          "text": "range 0 .. 10000",
          "id": "obj-104"
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
            3
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
            1380.0,
            24.0,
            1380.0
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
            1380.0,
            24.0,
            1380.0
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
            1380.0,
            24.0,
            1380.0
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
            1380.0,
            24.0,
            1380.0
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
            1380.0,
            24.0,
            1380.0
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
            1380.0,
            24.0,
            1380.0
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
            1380.0,
            24.0,
            1380.0
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
            1380.0,
            24.0,
            1380.0
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
            1380.0,
            24.0,
            1380.0
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
            1380.0,
            24.0,
            1380.0
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
            1380.0,
            24.0,
            1380.0
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
            1380.0,
            24.0,
            1380.0
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
            1380.0,
            24.0,
            1380.0
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
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-45",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            549.0,
            500.0,
            549.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-47",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            577.0,
            500.0,
            577.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-49",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            605.0,
            500.0,
            605.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-51",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            633.0,
            500.0,
            633.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-53",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            661.0,
            500.0,
            661.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-55",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            689.0,
            500.0,
            689.0,
            500.0,
            1380.0,
            24.0,
            1380.0
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
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            717.0,
            500.0,
            717.0,
            500.0,
            1380.0,
            24.0,
            1380.0
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
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            745.0,
            500.0,
            745.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-61",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            773.0,
            500.0,
            773.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-63",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            801.0,
            500.0,
            801.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-65",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            829.0,
            500.0,
            829.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-67",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            857.0,
            500.0,
            857.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-69",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            885.0,
            500.0,
            885.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-71",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            913.0,
            500.0,
            913.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-73",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            941.0,
            500.0,
            941.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-75",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            969.0,
            500.0,
            969.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-77",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            997.0,
            500.0,
            997.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-79",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            1025.0,
            500.0,
            1025.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-81",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            1053.0,
            500.0,
            1053.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-83",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            1081.0,
            500.0,
            1081.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-85",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            1109.0,
            500.0,
            1109.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-87",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            1137.0,
            500.0,
            1137.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-89",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            1165.0,
            500.0,
            1165.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-91",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            1193.0,
            500.0,
            1193.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-93",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            1221.0,
            500.0,
            1221.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-95",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            1249.0,
            500.0,
            1249.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-97",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            1277.0,
            500.0,
            1277.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-99",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            1305.0,
            500.0,
            1305.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-101",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            1333.0,
            500.0,
            1333.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-103",
            0
          ],
          "destination": [
            "obj-7",
            0
          ],
          "midpoints": [
            524.0,
            1361.0,
            500.0,
            1361.0,
            500.0,
            1380.0,
            24.0,
            1380.0
          ]
        }
      }
    ],
    "dependency_cache": [],
    "autosave": 0
  }
}
