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
      720.0,
      360.0
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
    "description": "nrcore.dualneuron~: nrcore in MSP through gen~",
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
            660,
            40.0
          ],
          "text": "nrcore.dualneuron~: nrcore dual neuron inside MSP; 1-sample feedback inside MSP (gen~). Arguments: @<param> <value>; messages '<param> <value>' to the left inlet.",
          "id": "obj-1"
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
            180,
            330.0,
            22.0
          ],
          "text": "gen~ @gen nrcore.gen.dualneuron",
          "id": "obj-2"
        }
      },
      {
        "box": {
          "maxclass": "inlet",
          "numinlets": 0,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "comment": "joystick X (signal); messages set parameters",
          "index": 0,
          "patching_rect": [
            20.0,
            70,
            30.0,
            30.0
          ],
          "id": "obj-3"
        }
      },
      {
        "box": {
          "maxclass": "inlet",
          "numinlets": 0,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "comment": "joystick Y (signal)",
          "index": 1,
          "patching_rect": [
            181.0,
            70,
            30.0,
            30.0
          ],
          "id": "obj-4"
        }
      },
      {
        "box": {
          "maxclass": "inlet",
          "numinlets": 0,
          "numoutlets": 1,
          "outlettype": [
            ""
          ],
          "comment": "joystick Z (signal)",
          "index": 2,
          "patching_rect": [
            342.0,
            70,
            30.0,
            30.0
          ],
          "id": "obj-5"
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
            390.0,
            110,
            90,
            22.0
          ],
          "text": "patcherargs",
          "id": "obj-6"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            490.0,
            110,
            160,
            20.0
          ],
          "text": "@param value arguments",
          "id": "obj-7"
        }
      },
      {
        "box": {
          "maxclass": "outlet",
          "numinlets": 1,
          "numoutlets": 0,
          "comment": "neuron A (signal)",
          "index": 0,
          "patching_rect": [
            20.0,
            280,
            30.0,
            30.0
          ],
          "id": "obj-8"
        }
      },
      {
        "box": {
          "maxclass": "outlet",
          "numinlets": 1,
          "numoutlets": 0,
          "comment": "neuron B (signal)",
          "index": 1,
          "patching_rect": [
            342.0,
            280,
            30.0,
            30.0
          ],
          "id": "obj-9"
        }
      }
    ],
    "lines": [
      {
        "patchline": {
          "source": [
            "obj-3",
            0
          ],
          "destination": [
            "obj-2",
            0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-4",
            0
          ],
          "destination": [
            "obj-2",
            1
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-5",
            0
          ],
          "destination": [
            "obj-2",
            2
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-6",
            1
          ],
          "destination": [
            "obj-2",
            0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-2",
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
            "obj-2",
            1
          ],
          "destination": [
            "obj-9",
            0
          ]
        }
      }
    ],
    "dependency_cache": [],
    "autosave": 0
  }
}
