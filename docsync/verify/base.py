"""The base layer: packages a chapter installs that this machine lacks, unpacked once and cached.

The emulated hosts see the real root file system; a package the chapter installs is either
installed there already or downloaded with ``apt-get download`` from the configured archive and
unpacked (``dpkg-deb -x``) into a cached directory that becomes the overlay's middle layer. The
layer lists its packages in ``MANIFEST`` so the ``apt-get`` stand-in can tell an installable
package from a misspelt one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from docsync.errors import DocsyncError

MANIFEST = "var/lib/docsync/base-packages"


class BaseLayerError(DocsyncError):
    """The base layer could not be built (a package the archive does not have, no network)."""


def cache_dir() -> Path:
    """Where base layers are kept: ``$DOCSYNC_CACHE``, else ``~/.cache/docsync``."""
    root = os.environ.get("DOCSYNC_CACHE") or str(Path.home() / ".cache" / "docsync")
    return Path(root) / "verify"


def installed(package: str) -> bool:
    """Is ``package`` installed on this machine (dpkg's own answer)?"""
    res = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
    )
    return res.returncode == 0 and res.stdout.endswith("installed") and " ok " in res.stdout


def missing_packages(packages: Iterable[str]) -> list[str]:
    """The packages of ``packages`` this machine does not have, sorted."""
    return sorted({p for p in packages if not installed(p)})


def _merge_usr(tree: Path) -> None:
    """Move ``/lib``, ``/bin``... of the packages below ``/usr`` where the real root links them.

    In an overlay a directory hides a lower layer's symlink of the same name: an unpacked
    ``lib/`` would replace the real ``/lib -> usr/lib`` and with it the dynamic loader.
    """
    for top in sorted(tree.iterdir()):
        real = Path("/") / top.name
        if not top.is_dir() or top.is_symlink() or not real.is_symlink():
            continue
        dest = tree / os.readlink(real).lstrip("/")
        for item in top.rglob("*"):
            if item.is_dir() and not item.is_symlink():
                continue
            target = dest / item.relative_to(top)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(item, target)
        shutil.rmtree(top)


def base_layer(packages: Iterable[str]) -> tuple[Path, tuple[str, ...]]:
    """A directory holding ``packages`` unpacked (built now unless cached), and what it holds.

    Packages the machine has installed are left out. Raises ``BaseLayerError`` with one line
    when the archive does not have a package.
    """
    wanted = missing_packages(packages)
    key = hashlib.sha256("\n".join(wanted).encode()).hexdigest()[:16]
    layer = cache_dir() / f"base-{key}"
    if (layer / MANIFEST).is_file():
        return layer, tuple(wanted)
    layer.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".base-{key}.", dir=layer.parent))
    try:
        if wanted:
            debs = work / "debs"
            debs.mkdir()
            os.chmod(work, 0o755)
            os.chmod(debs, 0o777)  # apt's sandbox user writes the downloads here
            res = subprocess.run(
                ["apt-get", "download", "-q", *wanted], cwd=debs, capture_output=True, text=True
            )
            if res.returncode != 0:
                reason = next(
                    (ln for ln in res.stderr.splitlines() if ln.startswith("E:")),
                    res.stderr.strip() or "apt-get download failed",
                )
                raise BaseLayerError(f"cannot build the base layer: {reason}")
            tree = work / "tree"
            for deb in sorted(debs.glob("*.deb")):
                subprocess.run(["dpkg-deb", "-x", str(deb), str(tree)], check=True)
            _merge_usr(tree)
        else:
            (work / "tree").mkdir()
        manifest = work / "tree" / MANIFEST
        manifest.parent.mkdir(parents=True, exist_ok=True)
        manifest.write_text("".join(f"{p}\n" for p in wanted))
        # The tree's root directory replaces "/" in the overlay: it must look like it.
        os.chmod(work / "tree", 0o755)
        os.replace(work / "tree", layer)  # atomic: a half-built layer is never used
    except OSError as exc:
        raise BaseLayerError(f"cannot build the base layer in {layer.parent}: {exc}") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return layer, tuple(wanted)
