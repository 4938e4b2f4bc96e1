"""Write docs/indicatoren.md from the indicator registry (run after editing data/indicatoren.yaml)."""

from pathlib import Path

from sdmonitor.registry import definitions_markdown, registry

TARGET = Path(__file__).resolve().parent.parent / "docs" / "indicatoren.md"

if __name__ == "__main__":
    TARGET.write_text(definitions_markdown(registry()), encoding="utf-8")
    print(f"{TARGET} geschreven ({len(registry())} indicatoren)")
