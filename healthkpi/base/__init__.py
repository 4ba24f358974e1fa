"""The base every layer stands on: errors, text, numbers, periods, issues and the words healthkpi says.

Nothing here imports another layer of healthkpi."""
