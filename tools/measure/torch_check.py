"""Check README's claim that minirnn is torch.nn.RNN(tanh) + nn.Linear, loss and gradients.

    python3 tools/measure/torch_check.py        (needs torch, which minirnn itself never does)

Copies a random minirnn model into torch (weight_ih = W, weight_hh = U, bias_ih = b_h,
bias_hh = 0, Linear.weight = V, Linear.bias = b_o), runs one sequence with a random h0 and
prints the largest difference in the loss and in every gradient, failing above 1e-12.
"""
import random
import sys

import torch

sys.path.insert(0, "")                 # the current directory: the repository root
import minirnn  # noqa: E402


def main():
    torch.set_default_dtype(torch.float64)
    rng = random.Random(2)
    model = minirnn.RNN(4, 5, 3, seed=1)
    model.b_h = [rng.uniform(-1, 1) for _ in range(5)]
    model.b_o = [rng.uniform(-1, 1) for _ in range(3)]
    xs = [[rng.uniform(-1, 1) for _ in range(4)] for _ in range(7)]
    ys = [rng.randrange(3) for _ in xs]
    h0 = [rng.uniform(-1, 1) for _ in range(5)]

    rnn, linear = torch.nn.RNN(4, 5, nonlinearity="tanh", batch_first=True), torch.nn.Linear(5, 3)
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.tensor(model.W))
        rnn.weight_hh_l0.copy_(torch.tensor(model.U))
        rnn.bias_ih_l0.copy_(torch.tensor(model.b_h))
        rnn.bias_hh_l0.zero_()
        linear.weight.copy_(torch.tensor(model.V))
        linear.bias.copy_(torch.tensor(model.b_o))
    torch_h0 = torch.tensor(h0).reshape(1, 1, 5).requires_grad_()
    states, _ = rnn(torch.tensor(xs).unsqueeze(0), torch_h0)
    torch_loss = torch.nn.functional.cross_entropy(linear(states[0]), torch.tensor(ys), reduction="sum")
    torch_loss.backward()

    loss, grads = model.loss_and_grads(xs, ys, h0)
    differences = {"loss": abs(loss - torch_loss.item())}
    for name, tensor in [("W", rnn.weight_ih_l0), ("U", rnn.weight_hh_l0), ("b_h", rnn.bias_ih_l0),
                         ("V", linear.weight), ("b_o", linear.bias)]:
        differences[name] = (torch.tensor(grads[name]) - tensor.grad).abs().max().item()
    differences["h0"] = (torch.tensor(grads["h0"]) - torch_h0.grad.reshape(5)).abs().max().item()
    for name, difference in differences.items():
        print(f"{name:>4}: largest difference from torch {difference:.1e}")
    sys.exit(0 if max(differences.values()) < 1e-12 else 1)


if __name__ == "__main__":
    main()
