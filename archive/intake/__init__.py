"""Report intake: from a pasted news report or readout to a draft call, every guess shown."""
