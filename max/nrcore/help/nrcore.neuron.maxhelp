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
      956.0
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
    "description": "help for nrcore.neuron",
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
          "text": "nrcore.neuron",
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
          "text": "A weighted nonlinear mixer at audio rate, with feedback, noise and a firing comparator.",
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
            82.0,
            22.0
          ],
          "text": "$1 0.3 0.6",
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
            166.0,
            22.0
          ],
          "text": "weights 0.5 0.5 0.5",
          "id": "obj-16"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            666.0,
            120.0,
            1094.0,
            20.0
          ],
          "text": "weights (vector, [-100, 100], default 0.5): Gain of each input before summing (one per input)",
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
            166.0,
            22.0
          ],
          "text": "bias 0.",
          "id": "obj-18"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            666.0,
            152.0,
            1094.0,
            20.0
          ],
          "text": "bias (float, [-100, 100], default 0): Constant added to the weighted sum (the NLC 'sense' offset)",
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
            166.0,
            22.0
          ],
          "text": "activation tanh",
          "id": "obj-20"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            666.0,
            184.0,
            1094.0,
            20.0
          ],
          "text": "activation (choice, one of linear, tanh, sigmoid, relu, hardclip, softclip, sinefold, nlc, default tanh): Nonlinearity applied to the sum",
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
            166.0,
            22.0
          ],
          "text": "response 0.5",
          "id": "obj-22"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            666.0,
            216.0,
            1094.0,
            20.0
          ],
          "text": "response (float, [0, 1], default 0.5): Comparator spike level of the 'nlc' activation",
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
            166.0,
            22.0
          ],
          "text": "feedback 0.",
          "id": "obj-24"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            666.0,
            248.0,
            1094.0,
            20.0
          ],
          "text": "feedback (float, [-100, 100], default 0): Gain of the neuron's own delayed output added to the sum",
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
            166.0,
            22.0
          ],
          "text": "feedback_delay 1",
          "id": "obj-26"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            666.0,
            280.0,
            1094.0,
            20.0
          ],
          "text": "feedback_delay (int, [1, 192000] samples, default 1): Delay of the feedback path",
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
            166.0,
            22.0
          ],
          "text": "feedback_source output",
          "id": "obj-28"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            666.0,
            312.0,
            1094.0,
            20.0
          ],
          "text": "feedback_source (choice, one of output, fire, default output): What is fed back: the output or the fire gate",
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
            166.0,
            22.0
          ],
          "text": "noise 0.",
          "id": "obj-30"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            666.0,
            344.0,
            1094.0,
            20.0
          ],
          "text": "noise (float, [0, 10], default 0): Amplitude of white noise added to the sum",
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
            166.0,
            22.0
          ],
          "text": "seed 1",
          "id": "obj-32"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            666.0,
            376.0,
            1094.0,
            20.0
          ],
          "text": "seed (int, [0, 4.29497e+09], default 1): Seed of the noise generator",
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
            166.0,
            22.0
          ],
          "text": "threshold 0.",
          "id": "obj-34"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            666.0,
            408.0,
            1094.0,
            20.0
          ],
          "text": "threshold (float, [-10, 10], default 0): Centre of the comparator: the fire gate opens when the output rises above threshold + hysteresis/2 and closes when it falls below threshold - hysteresis/2",
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
            166.0,
            22.0
          ],
          "text": "hysteresis 0.1",
          "id": "obj-36"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            666.0,
            440.0,
            1094.0,
            20.0
          ],
          "text": "hysteresis (float, [0, 10], default 0.1): Gap between the firing (threshold + half of it) and releasing (threshold - half of it) levels",
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
            472.0,
            166.0,
            22.0
          ],
          "text": "output_cutoff 0.",
          "id": "obj-38"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            666.0,
            472.0,
            1094.0,
            20.0
          ],
          "text": "output_cutoff (float, [0, 96000] Hz, default 0): One-pole low-pass on the output (0 = off)",
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
            504.0,
            166.0,
            22.0
          ],
          "text": "smoothing 20.",
          "id": "obj-40"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            666.0,
            504.0,
            1094.0,
            20.0
          ],
          "text": "smoothing (float, [0, 10000] ms, default 20): Time constant of parameter changes, so automation does not click",
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
            536.0,
            166.0,
            22.0
          ],
          "text": "0.1 0.2 0.3",
          "id": "obj-42"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            666.0,
            536.0,
            1094.0,
            20.0
          ],
          "text": "a list of numbers: run one frame; outputs leave the left outlet",
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
            568.0,
            166.0,
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
            666.0,
            568.0,
            1094.0,
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
            600.0,
            166.0,
            22.0
          ],
          "text": "get weights",
          "id": "obj-46"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            666.0,
            600.0,
            1094.0,
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
            632.0,
            166.0,
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
            666.0,
            632.0,
            1094.0,
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
            664.0,
            166.0,
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
            666.0,
            664.0,
            1094.0,
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
            696.0,
            166.0,
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
            666.0,
            696.0,
            1094.0,
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
            728.0,
            166.0,
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
            666.0,
            728.0,
            1094.0,
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
            790.0,
            220,
            22.0
          ],
          "text": "nrcore.neuron help-neuron rate 33.3",
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
            834.0,
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
            866.0,
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
            834.0,
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
            866.0,
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
            896.0,
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
            896.0,
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
            "obj-56",
            0
          ],
          "midpoints": [
            24.0,
            393.0,
            10.0,
            393.0,
            10.0,
            778.0,
            24.0,
            778.0
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
            147.0,
            460.0,
            147.0,
            460.0,
            778.0,
            24.0,
            778.0
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
            179.0,
            460.0,
            179.0,
            460.0,
            778.0,
            24.0,
            778.0
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
            211.0,
            460.0,
            211.0,
            460.0,
            778.0,
            24.0,
            778.0
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
            243.0,
            460.0,
            243.0,
            460.0,
            778.0,
            24.0,
            778.0
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
            275.0,
            460.0,
            275.0,
            460.0,
            778.0,
            24.0,
            778.0
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
            307.0,
            460.0,
            307.0,
            460.0,
            778.0,
            24.0,
            778.0
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
            339.0,
            460.0,
            339.0,
            460.0,
            778.0,
            24.0,
            778.0
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
            371.0,
            460.0,
            371.0,
            460.0,
            778.0,
            24.0,
            778.0
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
            403.0,
            460.0,
            403.0,
            460.0,
            778.0,
            24.0,
            778.0
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
            435.0,
            460.0,
            435.0,
            460.0,
            778.0,
            24.0,
            778.0
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
            467.0,
            460.0,
            467.0,
            460.0,
            778.0,
            24.0,
            778.0
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
            499.0,
            460.0,
            499.0,
            460.0,
            778.0,
            24.0,
            778.0
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
            531.0,
            460.0,
            531.0,
            460.0,
            778.0,
            24.0,
            778.0
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
            563.0,
            460.0,
            563.0,
            460.0,
            778.0,
            24.0,
            778.0
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
            595.0,
            460.0,
            595.0,
            460.0,
            778.0,
            24.0,
            778.0
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
            627.0,
            460.0,
            627.0,
            460.0,
            778.0,
            24.0,
            778.0
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
            659.0,
            460.0,
            659.0,
            460.0,
            778.0,
            24.0,
            778.0
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
            691.0,
            460.0,
            691.0,
            460.0,
            778.0,
            24.0,
            778.0
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
            723.0,
            460.0,
            723.0,
            460.0,
            778.0,
            24.0,
            778.0
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
            755.0,
            460.0,
            755.0,
            460.0,
            778.0,
            24.0,
            778.0
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
