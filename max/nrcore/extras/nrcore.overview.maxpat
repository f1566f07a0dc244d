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
      1010.0,
      700.0
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
    "description": "nrcore overview",
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
            900,
            20.0
          ],
          "text": "nrcore: artificial neurons as musical instruments",
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
            36,
            940,
            60.0
          ],
          "text": "Two ways in. Over OSC, [nrcore.client] plus one object per processor, hosted by `nrcore serve` (control rate, or the server's own audio). Inside MSP, the gen~ objects (nrcore.*~) run the neurons per sample with 1-sample feedback. Each object's help patch is in help/ (alt-click an object in a patch).",
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
            110.0,
            600,
            20.0
          ],
          "text": "OSC objects (start here: examples/nrcore.mouse-ann-midi.maxpat)",
          "id": "obj-3"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            20,
            140.0,
            230,
            20.0
          ],
          "text": "[nrcore.ann <id>]",
          "id": "obj-4"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            270,
            140.0,
            700,
            20.0
          ],
          "text": "A multilayer perceptron evaluated one control frame at a time, with output feedback.",
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
            172.0,
            230,
            20.0
          ],
          "text": "[nrcore.dualneuron <id>]",
          "id": "obj-6"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            270,
            172.0,
            700,
            20.0
          ],
          "text": "The Nonlinear Circuits Double Neuron driven by a 3D joystick: a two-neuron network.",
          "id": "obj-7"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            20,
            204.0,
            230,
            20.0
          ],
          "text": "[nrcore.instrument <id>]",
          "id": "obj-8"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            270,
            204.0,
            700,
            20.0
          ],
          "text": "Input -> MLP (optional feedback) -> note, velocity and CCs, sent as MIDI and OSC.",
          "id": "obj-9"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            20,
            236.0,
            230,
            20.0
          ],
          "text": "[nrcore.learn <id>]",
          "id": "obj-10"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            270,
            236.0,
            700,
            20.0
          ],
          "text": "A neuron that learns, every sample, to turn its inputs into a target signal.",
          "id": "obj-11"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            20,
            268.0,
            230,
            20.0
          ],
          "text": "[nrcore.learnnet <id>]",
          "id": "obj-12"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            270,
            268.0,
            700,
            20.0
          ],
          "text": "A one-hidden-layer network that learns a target signal by online backpropagation.",
          "id": "obj-13"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            20,
            300.0,
            230,
            20.0
          ],
          "text": "[nrcore.net <id>]",
          "id": "obj-14"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            270,
            300.0,
            700,
            20.0
          ],
          "text": "A recurrent network of audio-rate neurons.",
          "id": "obj-15"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            20,
            332.0,
            230,
            20.0
          ],
          "text": "[nrcore.neuron <id>]",
          "id": "obj-16"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            270,
            332.0,
            700,
            20.0
          ],
          "text": "A weighted nonlinear mixer at audio rate, with feedback, noise and a firing comparator.",
          "id": "obj-17"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            20,
            364.0,
            230,
            20.0
          ],
          "text": "[nrcore.rack <id>]",
          "id": "obj-18"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            270,
            364.0,
            700,
            20.0
          ],
          "text": "The Neurorack engine: 2 gates and 4 CVs (volts) in, mono impact sounds out.",
          "id": "obj-19"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            20,
            396.0,
            230,
            20.0
          ],
          "text": "[nrcore.synth <id>]",
          "id": "obj-20"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            270,
            396.0,
            700,
            20.0
          ],
          "text": "Descriptor-driven impact synthesiser (Sinc-NSF), torch-free and streaming.",
          "id": "obj-21"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            20,
            438.0,
            600,
            20.0
          ],
          "text": "MSP objects (gen~)",
          "id": "obj-22"
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
            468.0,
            230,
            22.0
          ],
          "text": "nrcore.neuron~",
          "id": "obj-23"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            270,
            468.0,
            700,
            20.0
          ],
          "text": "nrcore neuron, 3 inputs, inside MSP",
          "id": "obj-24"
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
            500.0,
            230,
            22.0
          ],
          "text": "nrcore.dualneuron~",
          "id": "obj-25"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            270,
            500.0,
            700,
            20.0
          ],
          "text": "nrcore dual neuron inside MSP",
          "id": "obj-26"
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
            532.0,
            230,
            22.0
          ],
          "text": "nrcore.net4~",
          "id": "obj-27"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            270,
            532.0,
            700,
            20.0
          ],
          "text": "nrcore 4-neuron network inside MSP",
          "id": "obj-28"
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
            564.0,
            230,
            22.0
          ],
          "text": "nrcore.learn~",
          "id": "obj-29"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            270,
            564.0,
            700,
            20.0
          ],
          "text": "nrcore NLMS learning neuron inside MSP",
          "id": "obj-30"
        }
      }
    ],
    "lines": [],
    "dependency_cache": [],
    "autosave": 0
  }
}
