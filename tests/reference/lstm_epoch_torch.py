"""Seconds per training epoch of the LSTM autoencoder in PyTorch on one CPU thread: the reference figure
for `npm run bench -- lstm` (tests/bench/lstm.ts).

Same architecture as the workbench's `lstm-ae` detector with one layer per side: encoder LSTM(4 -> 32),
its last hidden state through a linear layer to a 16-wide latent vector, the latent repeated 32 times,
decoder LSTM(16 -> 32), a linear layer per time step back to 4 features; MSE loss, Adam (lr 1e-3),
batch 64, shuffled every epoch. Data: 2,000 windows of 32 steps x 4 features of noisy sines (seed 0).

Run: /usr/bin/python3 tests/reference/lstm_epoch_torch.py [EPOCHS]   (prints one JSON line)
"""
import json
import os
import sys
import time

# One thread for every pool torch may start (intra-op via OpenMP/MKL, inter-op), set before import.
os.environ.setdefault('OMP_NUM_THREADS', '1')
os.environ.setdefault('MKL_NUM_THREADS', '1')

import numpy as np
import torch
from torch import nn

SEQUENCES, STEPS, FEATURES, UNITS, LATENT, BATCH = 2000, 32, 4, 32, 16, 64


class LstmAutoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.LSTM(FEATURES, UNITS, batch_first=True)
        self.latent = nn.Linear(UNITS, LATENT)
        self.decoder = nn.LSTM(LATENT, UNITS, batch_first=True)
        self.output = nn.Linear(UNITS, FEATURES)

    def forward(self, x):
        _, (h, _) = self.encoder(x)
        z = self.latent(h[-1])
        seq, _ = self.decoder(z.unsqueeze(1).repeat(1, x.shape[1], 1))
        return self.output(seq)


def data(seed=0):
    rng = np.random.default_rng(seed)
    t = np.arange(STEPS)[None, :, None] + rng.uniform(0, 100, (SEQUENCES, 1, 1))
    period = np.array([24.0, 12.0, 48.0, 8.0])[None, None, :]
    x = np.sin(2 * np.pi * t / period) + 0.1 * rng.standard_normal((SEQUENCES, STEPS, FEATURES))
    return torch.tensor(x, dtype=torch.float32)


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    x = data()
    model = LstmAutoencoder()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.MSELoss()
    times, cpu, losses = [], [], []
    for _ in range(epochs + 1):  # the first epoch warms up and is not timed
        t0, c0 = time.perf_counter(), time.process_time()
        order = torch.randperm(SEQUENCES)
        total = 0.0
        for b in range(0, SEQUENCES, BATCH):
            xb = x[order[b:b + BATCH]]
            opt.zero_grad()
            loss = loss_fn(model(xb), xb)
            loss.backward()
            opt.step()
            total += loss.item() * len(xb)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        losses.append(total / SEQUENCES)
    timed = sorted(times[1:])
    timed_cpu = sorted(cpu[1:])
    print(json.dumps({
        'torch': torch.__version__,
        'threads': torch.get_num_threads(),
        'shape': {'sequences': SEQUENCES, 'steps': STEPS, 'features': FEATURES, 'units': UNITS,
                  'latent': LATENT, 'batch': BATCH},
        'epochs': epochs,
        'secondsPerEpoch': {'median': timed[len(timed) // 2], 'all': times[1:]},
        # CPU time of the process: steadier than wall time on a shared machine.
        'cpuSecondsPerEpoch': {'median': timed_cpu[len(timed_cpu) // 2], 'all': cpu[1:]},
        'loss': losses,
    }))


if __name__ == '__main__':
    main()
