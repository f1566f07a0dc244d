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
          "text": "The Neurorack engine: 2 gates and 4 CVs (volts) in, mono impact sounds out.",
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
            166.0,
            22.0
          ],
          "text": "$1 0.3 0.6 0.9 1.2 1.5",
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
          "text": "volume 1.",
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
          "text": "volume (float, [0, 4], default 1): Output level",
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
          "text": "freeze_ms 80.",
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
          "text": "freeze_ms (float, [50, 100] ms, default 80): Length of the gate-2 freeze loop",
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
          "text": "freeze_fade_ms 5.",
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
          "text": "freeze_fade_ms (float, [0.5, 25] ms, default 5): Crossfade at the loop point and into/out of the freeze",
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
          "text": "steal_ms 5.",
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
          "text": "steal_ms (float, [0.5, 50] ms, default 5): Fade-out of an impact stolen by a retrigger",
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
          "text": "model_fade_ms 50.",
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
          "text": "model_fade_ms (float, [5, 1000] ms, default 50): Crossfade from the old to the new model on a switch",
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
          "text": "interpolation descriptors",
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
          "text": "interpolation (choice, one of descriptors, latent, default descriptors): Where CV1 morphs F1 into F2",
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
          "text": "scrub_frames 32",
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
          "text": "scrub_frames (int, [2, 256], default 32): Descriptor frames CV2 shifts the impact back (-5 V) or ahead (+5 V)",
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
          "text": "transient_range 1.",
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
          "text": "transient_range (float, [0, 2] octaves, default 1): CV3 scaling of RMS and bandwidth at +5 V (2**range; -5 V divides)",
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
          "text": "transient_tilt 6.",
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
          "text": "transient_tilt (float, [0, 12] dB, default 6): CV3 boost (+5 V) or cut (-5 V) of the band above 1.5 kHz",
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
          "text": "variation_max 0.2",
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
          "text": "variation_max (float, [0, 0.2], default 0.2): CV4 random variation at +5 V (fraction of the value)",
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
          "text": "variation_mask 1. 0. 1. 1. 1. 1. 0.",
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
          "text": "variation_mask (vector, [0, 1], default (1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0)): Descriptors CV4 varies (1 = varied, 0 = kept), in order rms, zcr, centroid, rolloff, bandwidth, flatness, f0",
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
          "text": "gate_hysteresis 1.",
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
          "text": "gate_hysteresis (float, [0, 2.4] V, default 1): Gates go low again below 2.5 V minus this",
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
          "text": "seed 1",
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
          "text": "seed (int, [0, 2.14748e+09], default 1): Seed of the CV4 variation",
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
          "text": "f1 0.3 0.279319 0.260063 0.242135 0.225443 0.209902 0.195432 0.181959 0.169415 0.157736 0.146862 0.136738 0.127312 0.118535 0.110364 0.102756 0.095672 0.0890766 0.0829359 0.0772185 0.0718953 0.066939 0.0623245 0.058028 0.0540277 0.0503032 0.0468354 0.0436067 0.0406006 0.0378017 0.0351957 0.0327695 0.0305104 0.0284071 0.0264488 0.0246255 0.0229279 0.0213473 0.0198757 0.0185055 0.0172298 0.016042 0.0149361 0.0139065 0.0129478 0.0120552 0.0112242 0.0104504 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 600. 561.62 529.133 501.633 478.354 458.65 441.97 427.851 415.899 405.783 397.219 389.97 383.834 378.64 374.243 370.521 367.371 364.704 362.447 360.536 358.918 357.549 356.39 355.409 354.579 353.876 353.281 352.777 352.351 351.99 351.684 351.426 351.207 351.022 350.865 350.732 350.62 350.525 350.444 350.376 350.318 350.269 350.228 350.193 350.163 350.138 350.117 350.099 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 700. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 500. 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 0.02 80. 74.47 70.1633 66.8092 64.197 62.1626 60.5783 59.3443 58.3834 57.635 57.0521 56.5982 56.2447 55.9694 55.7549 55.5879 55.4579 55.3566 55.2777 55.2163 55.1684 55.1312 55.1022 55.0796 55.062 55.0483 55.0376 55.0293 55.0228 55.0178 55.0138 55.0108 55.0084 55.0065 55.0051 55.004 55.0031 55.0024 55.0019 55.0015 55.0011 55.0009 55.0007 55.0005 55.0004 55.0003 55.0003 55.0002",
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
          "text": "f1 (matrix, [-inf, inf], default 0): Descriptor curves at CV1 = -5 V (7 rows: rms, zcr, centroid, rolloff, bandwidth, flatness, f0; one column per frame); a single 0 restores the factory preset",
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
          "text": "f2 0.4 0.327492 0.268128 0.219525 0.179732 0.147152 0.120478 0.0986388 0.0807586 0.0661196 0.0541341 0.0443213 0.0362872 0.0297094 0.024324 0.0199148 0.0163049 0.0133493 0.0109295 0.00894831 0.00732626 0.00599823 0.00491094 0.00402073 0.0032919 0.00269518 0.00220663 0.00180663 0.00147915 0.00121102 0.000991501 0.000811772 0.000664623 0.000544147 0.00044551 0.000364753 0.000298634 0.000244501 0.000200181 0.000163894 0.000134185 0.000109861 8.99469e-05 7.36423e-05 6.02932e-05 4.93639e-05 4.04158e-05 3.30896e-05 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 0.15 4000. 3574.8 3270.13 3051.82 2895.4 2783.31 2703. 2645.46 2604.23 2574.68 2553.51 2538.34 2527.47 2519.69 2514.11 2510.11 2507.24 2505.19 2503.72 2502.66 2501.91 2501.37 2500.98 2500.7 2500.5 2500.36 2500.26 2500.19 2500.13 2500.1 2500.07 2500.05 2500.03 2500.03 2500.02 2500.01 2500.01 2500.01 2500. 2500. 2500. 2500. 2500. 2500. 2500. 2500. 2500. 2500. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 7000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 3000. 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 0.3 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220. 220.",
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
          "text": "f2 (matrix, [-inf, inf], default 0): Descriptor curves at CV1 = +5 V (7 rows: rms, zcr, centroid, rolloff, bandwidth, flatness, f0; one column per frame); a single 0 restores the factory preset",
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
          "text": "0.1 0.2 0.3 0.4 0.5 0.6",
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
          "text": "a list of numbers: run one frame; outputs leave the left outlet",
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
          "text": "dump",
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
          "text": "every parameter value to the right outlet",
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
            600.0,
            22.0
          ],
          "text": "get volume",
          "id": "obj-50"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            1100.0,
            664.0,
            660.0,
            20.0
          ],
          "text": "one parameter value to the right outlet",
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
            600.0,
            22.0
          ],
          "text": "reset",
          "id": "obj-52"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            1100.0,
            696.0,
            660.0,
            20.0
          ],
          "text": "clear signal state, keep parameters",
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
            600.0,
            22.0
          ],
          "text": "play 0",
          "id": "obj-54"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            1100.0,
            728.0,
            660.0,
            20.0
          ],
          "text": "play output 0 through the server's audio, channel 0",
          "id": "obj-55"
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
            600.0,
            22.0
          ],
          "text": "mute",
          "id": "obj-56"
        }
      },
      {
        "box": {
          "maxclass": "comment",
          "numinlets": 1,
          "numoutlets": 0,
          "patching_rect": [
            1100.0,
            760.0,
            660.0,
            20.0
          ],
          "text": "stop playing",
          "id": "obj-57"
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
            20,
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
            20,
            898.0,
            220,
            22.0
          ],
          "text": "",
          "id": "obj-60"
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
          "id": "obj-61"
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
          "id": "obj-62"
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
          "id": "obj-63"
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
          "id": "obj-64"
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
            "obj-58",
            0
          ],
          "midpoints": [
            24.0,
            393.0,
            10.0,
            393.0,
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
            "obj-16",
            0
          ],
          "destination": [
            "obj-58",
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
            "obj-18",
            0
          ],
          "destination": [
            "obj-58",
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
            "obj-20",
            0
          ],
          "destination": [
            "obj-58",
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
            "obj-22",
            0
          ],
          "destination": [
            "obj-58",
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
            "obj-24",
            0
          ],
          "destination": [
            "obj-58",
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
            "obj-26",
            0
          ],
          "destination": [
            "obj-58",
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
            "obj-28",
            0
          ],
          "destination": [
            "obj-58",
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
            "obj-30",
            0
          ],
          "destination": [
            "obj-58",
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
            "obj-32",
            0
          ],
          "destination": [
            "obj-58",
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
            "obj-34",
            0
          ],
          "destination": [
            "obj-58",
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
            "obj-36",
            0
          ],
          "destination": [
            "obj-58",
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
            "obj-38",
            0
          ],
          "destination": [
            "obj-58",
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
            "obj-40",
            0
          ],
          "destination": [
            "obj-58",
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
            "obj-42",
            0
          ],
          "destination": [
            "obj-58",
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
            "obj-44",
            0
          ],
          "destination": [
            "obj-58",
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
            "obj-46",
            0
          ],
          "destination": [
            "obj-58",
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
            "obj-48",
            0
          ],
          "destination": [
            "obj-58",
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
            "obj-50",
            0
          ],
          "destination": [
            "obj-58",
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
            "obj-52",
            0
          ],
          "destination": [
            "obj-58",
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
            "obj-54",
            0
          ],
          "destination": [
            "obj-58",
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
            "obj-56",
            0
          ],
          "destination": [
            "obj-58",
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
            "obj-58",
            0
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
      },
      {
        "patchline": {
          "source": [
            "obj-58",
            1
          ],
          "destination": [
            "obj-61",
            0
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
            "obj-62",
            0
          ]
        }
      }
    ],
    "dependency_cache": [],
    "autosave": 0
  }
}
