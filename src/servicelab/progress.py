"""Progress of one large document through the build stages (the file-level bar of
``servicelab build`` stands still while a single large document is processed)."""

from __future__ import annotations

from typing import Any


class StageBar:
    """A tqdm bar with one step per stage of one document; call it with the name of each
    stage as it starts, and :meth:`close` it at the end."""

    def __init__(self, label: str, stages: int) -> None:
        from tqdm import tqdm

        self.bar: Any = tqdm(total=stages, desc=label, unit="stage", leave=False,
                             mininterval=0, disable=None)
        self.started = False

    def __call__(self, stage: str) -> None:
        if self.started:
            self.bar.update(1)
        self.started = True
        self.bar.set_postfix_str(stage)

    def close(self) -> None:
        if self.started:
            self.bar.update(1)
        self.bar.close()
