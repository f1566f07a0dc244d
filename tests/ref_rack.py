"""Plain-Python reference of the rack kernel (nrcore._rack.RackKernel), written from its
docstring: gate comparators with hysteresis, the freeze looper with crossfaded loop points,
equal-power fades and the output stage. Never calls the kernel."""
from __future__ import annotations

import math

import numpy as np

from ref_common import approach, finite_or_zero, flush, safe, smoothing_coefficient

LIMIT_KNEE = 0.75


def soft_limit(x: float) -> float:
    """Linear to 0.75 of full scale, then 0.75 + 0.25 * tanh((|x| - 0.75) / 0.25), signed:
    the output stays inside (-1, 1)."""
    a = abs(x)
    if a <= LIMIT_KNEE:
        return x
    room = 1.0 - LIMIT_KNEE
    a = LIMIT_KNEE + room * math.tanh((a - LIMIT_KNEE) / room)
    return a if x > 0 else -a


class RefRack:
    def __init__(self, sample_rate: float, max_loop_s: float = 0.1, max_fade_s: float = 0.025):
        self.sample_rate = sample_rate
        self.size = int(sample_rate * (max_loop_s + max_fade_s)) + 64
        self.ring = np.zeros(self.size, dtype=np.float32)
        self.loop = np.zeros(int(sample_rate * (max_loop_s + max_fade_s)) + 2, dtype=np.float32)
        self.gate_on, self.hysteresis = 2.5, 1.0
        self.loop_len = int(0.08 * sample_rate)
        self.fade_len = int(0.005 * sample_rate)
        self.volume_coef = smoothing_coefficient(0.005, sample_rate)
        self.volume_target = 1.0
        self.states = [0, 0]
        self.write = 0
        self.pos = 0
        self.active_loop, self.active_fade = self.loop_len, 0
        self.frozen = False
        self.mix = 0.0
        self.volume = 1.0

    def gates(self, g1, g2):
        off = self.gate_on - self.hysteresis
        rises, hold = [], np.zeros(len(g1), dtype=np.uint8)
        for i in range(len(g1)):
            for k, row in enumerate((g1, g2)):
                v = finite_or_zero(float(row[i]))
                if self.states[k]:
                    if v < off:
                        self.states[k] = 0
                elif v > self.gate_on:
                    self.states[k] = 1
                    if k == 0:
                        rises.append(i)
            hold[i] = self.states[1]
        return rises, hold

    @staticmethod
    def fade_add(source, mix, start, gain, target, step):
        g = gain
        for i, x in enumerate(source):
            if g < target:
                g = min(g + step, target)
            elif g > target:
                g = max(g - step, target)
            mix[start + i] = np.float32(mix[start + i] + np.float32(
                finite_or_zero(float(x)) * math.sin(g * math.pi * 0.5)))
        return g

    def tilt(self, live, targets):
        """CV3's tilt over a whole signal; ``targets`` per sample (the engine sets it at
        control points): x + t * (x - lp), lp a one-pole at 1.5 kHz, t smoothed (5 ms)."""
        a = 1.0 - math.exp(-2.0 * math.pi * 1500.0 / self.sample_rate)
        coef = smoothing_coefficient(0.005, self.sample_rate)
        lp, now = 0.0, 0.0
        out = np.zeros(len(live), np.float32)
        for i, x in enumerate(live):
            x = finite_or_zero(float(x))
            lp = flush(lp + a * (x - lp))
            now = approach(now, float(targets[i]), coef)
            out[i] = np.float32(x + now * (x - lp))
        return out

    def finish(self, live, hold):
        out = np.zeros(len(live), dtype=np.float32)
        for i, x in enumerate(live):
            x = finite_or_zero(float(x))
            if hold[i] and not self.frozen:
                self.frozen = True
                self.active_loop = self.loop_len
                self.active_fade = min(self.fade_len, self.active_loop // 2)
                first = self.write - self.active_loop - self.active_fade
                for j in range(self.active_fade + self.active_loop):
                    self.loop[j] = self.ring[(first + j) % self.size]
                self.pos = 0
            if self.frozen:
                length, fade = self.active_loop, self.active_fade
                k = self.pos - (length - fade)
                value = float(self.loop[fade + self.pos])
                if k >= 0:
                    w = (k + 1.0) / (fade + 1.0)
                    value = (1.0 - w) * value + w * float(self.loop[k])
                self.pos = (self.pos + 1) % length
                step = 1.0 / (fade + 1.0)
                if hold[i]:
                    self.mix = min(self.mix + step, 1.0)
                else:
                    self.mix -= step
                    if self.mix <= 0.0:
                        self.mix = 0.0
                        self.frozen = False
                y = (1.0 - self.mix) * x + self.mix * value
            else:
                y = x
            self.ring[self.write] = np.float32(x)
            self.write = (self.write + 1) % self.size
            self.volume = approach(self.volume, self.volume_target, self.volume_coef)
            out[i] = np.float32(soft_limit(safe(flush(y * self.volume))))
        return out
