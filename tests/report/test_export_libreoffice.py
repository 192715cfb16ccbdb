"""The neutralised CSV opened in LibreOffice Calc set to Indonesian (id-ID: ';' as the list
separator), with formulas evaluated, whatever separator the person picks: no cell becomes a
formula. A control file without neutralisation shows the check would see one. Skipped (with the
reason) when LibreOffice Calc is not installed."""

import shutil
import subprocess
import zipfile

import pandas as pd
import pytest

from spm_core.report.export import to_csv_bytes

SOFFICE = shutil.which("soffice")
# Calc itself (Debian's libreoffice-calc gives localc): soffice alone may be Impress only, which
# cannot read a CSV and converts nothing.
pytestmark = pytest.mark.skipif(
    SOFFICE is None or shutil.which("localc") is None,
    reason="LibreOffice Calc is not installed: apt-get install libreoffice-calc to check downloads in Calc",
)
HOSTILE = pd.DataFrame(
    {
        "catatan": ["aman;=1+1", "a, =2+3", 'x\t=HYPERLINK("http://x")', "baris\n@SUM(1;2)", "=1+1", "-2+3", "biasa"],
        "nilai": [-1.5, 2, 3, 4, 5, 6, 7],
    }
)
SEPARATORS = {",": 44, ";": 59, "tab": 9}


def formulas_in_calc(tmp_path, content: bytes, separator: int) -> int:
    """The number of formula cells after LibreOffice (id-ID, formulas evaluated) reads ``content``
    as CSV with ``separator`` and saves it as .xlsx."""
    source = tmp_path / "unduhan.csv"
    source.write_bytes(content)
    # token 6: language 1057 = Indonesian; token 12: evaluate formulas
    options = f"{separator},34,76,1,,1057,false,true,false,false,false,true"
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/profil",
            f"--infilter=CSV:{options}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "keluar"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with zipfile.ZipFile(tmp_path / "keluar" / "unduhan.xlsx") as book:
        return book.read("xl/worksheets/sheet1.xml").count(b"<f>") + book.read("xl/worksheets/sheet1.xml").count(b"<f ")


@pytest.mark.parametrize("separator", list(SEPARATORS))
def test_no_neutralised_cell_becomes_a_formula_in_indonesian_calc(tmp_path, separator):
    assert formulas_in_calc(tmp_path, to_csv_bytes(HOSTILE), SEPARATORS[separator]) == 0


def test_the_check_sees_a_formula_in_a_file_that_was_not_neutralised(tmp_path):
    raw = HOSTILE.to_csv(index=False).encode("utf-8-sig")
    assert formulas_in_calc(tmp_path, raw, SEPARATORS[","]) > 0
