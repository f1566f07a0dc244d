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
      860.0
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
    "description": "help for nrcore.net",
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
          "text": "nrcore.net",
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
          "text": "A recurrent network of audio-rate neurons.",
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
            600.0,
            22.0
          ],
          "text": "weights 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5",
          "id": "obj-16"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            1100.0,
            120.0,
            660.0,
            20.0
          ],
          "text": "weights (matrix, [-100, 100], default 0.5): Input weight matrix: row j, column i is the gain of input i into neuron j",
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
            600.0,
            22.0
          ],
          "text": "recurrent 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0. 0.",
          "id": "obj-18"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            1100.0,
            152.0,
            660.0,
            20.0
          ],
          "text": "recurrent (matrix, [-100, 100], default 0): Recurrent weight matrix: row j, column k is the gain of neuron k's delayed output into neuron j",
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
            600.0,
            22.0
          ],
          "text": "bias 0. 0. 0. 0. 0. 0. 0. 0.",
          "id": "obj-20"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            1100.0,
            184.0,
            660.0,
            20.0
          ],
          "text": "bias (vector, [-100, 100], default 0): Constant added to each neuron's sum (one per neuron)",
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
            600.0,
            22.0
          ],
          "text": "activation tanh",
          "id": "obj-22"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            1100.0,
            216.0,
            660.0,
            20.0
          ],
          "text": "activation (choice, one of linear, tanh, sigmoid, relu, hardclip, softclip, sinefold, nlc, default tanh): Nonlinearity of each neuron (one name, or one per neuron)",
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
            600.0,
            22.0
          ],
          "text": "response 0.5",
          "id": "obj-24"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            1100.0,
            248.0,
            660.0,
            20.0
          ],
          "text": "response (float, [0, 1], default 0.5): Comparator spike level of the 'nlc' activation",
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
            600.0,
            22.0
          ],
          "text": "noise 0.",
          "id": "obj-26"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            1100.0,
            280.0,
            660.0,
            20.0
          ],
          "text": "noise (float, [0, 10], default 0): Amplitude of white noise added to each neuron's sum",
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
            600.0,
            22.0
          ],
          "text": "seed 1",
          "id": "obj-28"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            1100.0,
            312.0,
            660.0,
            20.0
          ],
          "text": "seed (int, [0, 4.29497e+09], default 1): Seed of the noise generator",
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
            600.0,
            22.0
          ],
          "text": "cutoff 0. 0. 0. 0. 0. 0. 0. 0.",
          "id": "obj-30"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            1100.0,
            344.0,
            660.0,
            20.0
          ],
          "text": "cutoff (vector, [0, 96000] Hz, default 0): One-pole low-pass on each neuron's output (0 = off); it makes the network a leaky, audio-rate oscillator",
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
            600.0,
            22.0
          ],
          "text": "delay 1",
          "id": "obj-32"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            1100.0,
            376.0,
            660.0,
            20.0
          ],
          "text": "delay (int, [1, 192000] samples, default 1): Delay of the recurrent connections",
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
            600.0,
            22.0
          ],
          "text": "smoothing 20.",
          "id": "obj-34"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            1100.0,
            408.0,
            660.0,
            20.0
          ],
          "text": "smoothing (float, [0, 10000] ms, default 20): Time constant of parameter changes, so automation does not click",
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
            600.0,
            22.0
          ],
          "text": "0.1 0.2 0.3",
          "id": "obj-36"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            1100.0,
            440.0,
            660.0,
            20.0
          ],
          "text": "a list of numbers: run one frame; outputs leave the left outlet",
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
            600.0,
            22.0
          ],
          "text": "dump",
          "id": "obj-38"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            1100.0,
            472.0,
            660.0,
            20.0
          ],
          "text": "every parameter value to the right outlet",
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
            600.0,
            22.0
          ],
          "text": "get weights",
          "id": "obj-40"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            1100.0,
            504.0,
            660.0,
            20.0
          ],
          "text": "one parameter value to the right outlet",
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
            600.0,
            22.0
          ],
          "text": "reset",
          "id": "obj-42"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            1100.0,
            536.0,
            660.0,
            20.0
          ],
          "text": "clear signal state, keep parameters",
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
            600.0,
            22.0
          ],
          "text": "rate 33.3",
          "id": "obj-44"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            1100.0,
            568.0,
            660.0,
            20.0
          ],
          "text": "run 33.3 times a second ([metro 30]): smoothing and cutoffs count seconds of runs; 'rate auto' measures it",
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
            600.0,
            22.0
          ],
          "text": "play 0",
          "id": "obj-46"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            1100.0,
            600.0,
            660.0,
            20.0
          ],
          "text": "play output 0 through the server's audio, channel 0",
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
            600.0,
            22.0
          ],
          "text": "mute",
          "id": "obj-48"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            1100.0,
            632.0,
            660.0,
            20.0
          ],
          "text": "stop playing",
          "id": "obj-49"
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
            694.0,
            220,
            22.0
          ],
          "text": "nrcore.net help-net rate 33.3",
          "id": "obj-50"
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
            738.0,
            90,
            22.0
          ],
          "text": "prepend set",
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
            20,
            770.0,
            220,
            22.0
          ],
          "text": "",
          "id": "obj-52"
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
            738.0,
            90,
            22.0
          ],
          "text": "prepend set",
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
            250,
            770.0,
            420,
            22.0
          ],
          "text": "",
          "id": "obj-54"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            20,
            800.0,
            220,
            20.0
          ],
          "text": "outputs of each frame (left outlet)",
          "id": "obj-55"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            250,
            800.0,
            420,
            20.0
          ],
          "text": "other replies: param name values, examples, trained... (right outlet)",
          "id": "obj-56"
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
            "obj-50",
            0
          ],
          "midpoints": [
            24.0,
            393.0,
            10.0,
            393.0,
            10.0,
            682.0,
            24.0,
            682.0
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
            "obj-50",
            0
          ],
          "midpoints": [
            484.0,
            147.0,
            460.0,
            147.0,
            460.0,
            682.0,
            24.0,
            682.0
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
            "obj-50",
            0
          ],
          "midpoints": [
            484.0,
            179.0,
            460.0,
            179.0,
            460.0,
            682.0,
            24.0,
            682.0
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
            "obj-50",
            0
          ],
          "midpoints": [
            484.0,
            211.0,
            460.0,
            211.0,
            460.0,
            682.0,
            24.0,
            682.0
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
            "obj-50",
            0
          ],
          "midpoints": [
            484.0,
            243.0,
            460.0,
            243.0,
            460.0,
            682.0,
            24.0,
            682.0
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
            "obj-50",
            0
          ],
          "midpoints": [
            484.0,
            275.0,
            460.0,
            275.0,
            460.0,
            682.0,
            24.0,
            682.0
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
            "obj-50",
            0
          ],
          "midpoints": [
            484.0,
            307.0,
            460.0,
            307.0,
            460.0,
            682.0,
            24.0,
            682.0
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
            "obj-50",
            0
          ],
          "midpoints": [
            484.0,
            339.0,
            460.0,
            339.0,
            460.0,
            682.0,
            24.0,
            682.0
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
            "obj-50",
            0
          ],
          "midpoints": [
            484.0,
            371.0,
            460.0,
            371.0,
            460.0,
            682.0,
            24.0,
            682.0
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
            "obj-50",
            0
          ],
          "midpoints": [
            484.0,
            403.0,
            460.0,
            403.0,
            460.0,
            682.0,
            24.0,
            682.0
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
            "obj-50",
            0
          ],
          "midpoints": [
            484.0,
            435.0,
            460.0,
            435.0,
            460.0,
            682.0,
            24.0,
            682.0
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
            "obj-50",
            0
          ],
          "midpoints": [
            484.0,
            467.0,
            460.0,
            467.0,
            460.0,
            682.0,
            24.0,
            682.0
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
            "obj-50",
            0
          ],
          "midpoints": [
            484.0,
            499.0,
            460.0,
            499.0,
            460.0,
            682.0,
            24.0,
            682.0
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
            "obj-50",
            0
          ],
          "midpoints": [
            484.0,
            531.0,
            460.0,
            531.0,
            460.0,
            682.0,
            24.0,
            682.0
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
            "obj-50",
            0
          ],
          "midpoints": [
            484.0,
            563.0,
            460.0,
            563.0,
            460.0,
            682.0,
            24.0,
            682.0
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
            "obj-50",
            0
          ],
          "midpoints": [
            484.0,
            595.0,
            460.0,
            595.0,
            460.0,
            682.0,
            24.0,
            682.0
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
            "obj-50",
            0
          ],
          "midpoints": [
            484.0,
            627.0,
            460.0,
            627.0,
            460.0,
            682.0,
            24.0,
            682.0
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
            "obj-50",
            0
          ],
          "midpoints": [
            484.0,
            659.0,
            460.0,
            659.0,
            460.0,
            682.0,
            24.0,
            682.0
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
            "obj-51",
            0
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
            "obj-52",
            0
          ]
        }
      },
      {
        "patchline": {
          "source": [
            "obj-50",
            1
          ],
          "destination": [
            "obj-53",
            0
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
            "obj-54",
            0
          ]
        }
      }
    ],
    "dependency_cache": [],
    "autosave": 0
  }
}
