"""A county of full records: the example content's own services and organisations copied
until there are N services, so validation and builds can be timed on records as rich as
real ones, not only the generator's.

    .venv/bin/python bench/replicate.py --services 10000 --out /tmp/full-county

Copy k of service `x` is `x-k`, in the same district folder, run by the same organisation
(copy 0 keeps the original ids), so validation warns once on each copy that it is probably
the same service as the original (same organisation and name). With --copy-organisations,
copy k of organisation `o` is `o-k` and runs the copies k: every copy then shares its name,
phones and postcodes with copies under other organisations, the worst case for the
probable-duplicate checks across organisations (hundreds of thousands of warnings)."""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_ORG = re.compile(r"^organisation:[ \t]*(\S+)[ \t]*$", re.MULTILINE)


def replicate(source: Path, out: Path, services: int, copy_organisations: bool = False) -> int:
    """Write the county to out (replaced if it exists); returns how many services it has."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in ("site.yaml", "taxonomy.yaml"):
        shutil.copy(source / name, out / name)
    if (source / "pages").is_dir():
        shutil.copytree(source / "pages", out / "pages")
    orgs = sorted((source / "organisations").glob("*.yaml"))
    svcs = sorted((source / "services").glob("*/*.yaml"))
    (out / "organisations").mkdir()
    written, k = 0, 0
    for org in orgs:
        shutil.copy(org, out / "organisations" / org.name)
    while written < services:
        suffix = f"-{k}" if k else ""
        for org in orgs if copy_organisations and k else ():
            (out / "organisations" / f"{org.stem}{suffix}.yaml").write_bytes(org.read_bytes())
        for svc in svcs:
            if written == services:
                break
            text = svc.read_text(encoding="utf-8")
            if copy_organisations:
                text = _ORG.sub(rf"organisation: \g<1>{suffix}", text, count=1)
            folder = out / "services" / svc.parent.name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{svc.stem}{suffix}.yaml").write_text(text, encoding="utf-8")
            written += 1
        k += 1
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--services", type=int, default=10_000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--content", type=Path, default=ROOT / "content")
    ap.add_argument("--copy-organisations", action="store_true")
    args = ap.parse_args()
    n = replicate(args.content, args.out, args.services, args.copy_organisations)
    print(f"{n} services in {args.out}")


if __name__ == "__main__":
    main()
