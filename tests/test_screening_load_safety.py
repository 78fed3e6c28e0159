"""Loading sanctions lists never loses list data silently (issue 15): a truncated, damaged or
foreign file, an older version, or a second user list is refused or kept apart, with a clear
message, a non-zero exit code and the store left exactly as it was."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from conftest import AIS, FIXTURES, SHARED, run_cli

from seasentry.cli import main
from seasentry.screening.loaders import ListFormatError, load_path
from seasentry.screening.repair import repair_value
from seasentry.screening.store import ListLoadRefused, save_list

FIX = FIXTURES / "sanctions"
OFAC_NEW = FIX / "ofac_sdn_2024-05-03_excerpt.csv"
OFAC_OLD = FIX / "ofac_sdn_2024-04-26_excerpt.csv"
UN_CLEAN = FIX / "un_sc_2025-04-19_libya_excerpt.xml"
UN_BAD = FIX / "un_sc_2025-08-16_misencoded_excerpt.xml"
OFAC_XML = FIX / "ofac_consolidated_nonsdn_2025-03-28_excerpt.xml"


def snapshot(db: Path) -> tuple:
    """Everything the sanctions tables hold (the load log included)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return (con.execute("SELECT list, version, sha256, n_entities FROM sanctions_lists ORDER BY load_id").fetchall(),
                con.execute("SELECT entity_id, list, list_version, content_hash FROM sanctions_entities "
                            "ORDER BY entity_id").fetchall(),
                con.execute("SELECT count(*) FROM sanctions_names").fetchone(),
                con.execute("SELECT count(*) FROM sanctions_changes").fetchone())
    finally:
        con.close()


def load(db, *args):
    return CliRunner().invoke(main, ["lists", "load", *map(str, args), "--db", str(db)])


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "s.duckdb"
    r = load(path, OFAC_NEW, UN_CLEAN)
    assert r.exit_code == 0, r.output
    return path


def refused(db, *args, message: str):
    """Load must fail with ``message`` in its output and leave the store as it was."""
    before = snapshot(db)
    r = load(db, *args)
    assert r.exit_code == 1, r.output
    assert re.search(message, " ".join(r.output.split()), re.I), r.output
    assert snapshot(db) == before
    return r


# --------------------------------------------------------------------------- truncated / damaged
def test_truncated_ofac_csv_is_refused(db, tmp_path):
    data = OFAC_NEW.read_bytes()
    cut = tmp_path / "sdn_2024-05-10.csv"
    cut.write_bytes(data[: int(len(data) * 0.6)])  # cut in the middle of a record, as a failed download
    refused(db, cut, message=r"truncated")


def test_ofac_csv_cut_at_a_line_end_is_refused_unless_forced(db, tmp_path):
    lines = OFAC_NEW.read_bytes().split(b"\r\n")
    cut = tmp_path / "sdn_2024-05-10.csv"
    cut.write_bytes(b"\r\n".join(lines[:30]) + b"\r\n")  # whole records, no end mark: 48 entries gone
    refused(db, cut, message=r"would remove 4\d of the 78 loaded entries.*--force")
    r = load(db, cut, "--force")
    assert r.exit_code == 0, r.output
    assert "no end-of-file mark" in r.output


def test_csv_with_another_layout_is_refused(db, tmp_path):
    bad = tmp_path / "sdn_2024-05-10.csv"
    bad.write_text("".join(f'{9000 + i},"NAME {i}","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0-\r\n'
                           for i in range(20)) + "\x1a", encoding="latin-1")
    refused(db, bad, message=r"20 of 20 rows do not have the 12 fields")


def test_cut_un_xml_is_refused(db, tmp_path):
    data = UN_CLEAN.read_bytes()
    cut = tmp_path / "consolidated_2025-05-01.xml"
    cut.write_bytes(data[: len(data) // 2])
    refused(db, cut, message=r"not well-formed XML.*cut or damaged")


def test_truncated_ftm_is_refused(db, tmp_path):
    data = (FIX / "t1_entities.ftm.json").read_bytes()
    cut = tmp_path / "entities.ftm.json"
    cut.write_bytes(data[: int(len(data) * 0.7)])
    refused(db, cut, message=r"last line is cut")


# --------------------------------------------------------------------------- not a list
def test_ais_csv_is_not_a_list(db):
    r = refused(db, AIS / "marinecadastre_AIS_2023_01_11_sample_aisdb.csv", message=r"an AIS file")
    assert "lat" in r.output


def test_geojson_is_not_a_list(db):
    from importlib import resources

    geo = Path(str(resources.files("seasentry") / "data" / "geo" / "ne_10m_ports_med.geojson"))
    refused(db, geo, message=r"GeoJSON, not a sanctions list; supported formats: UN Security Council")


def test_unknown_file_lists_the_supported_formats(db, tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("minutes of the meeting\nnothing here\n")
    r = refused(db, p, message=r"not a list seasentry can read; supported formats")
    for fmt in ("CONSOLIDATED_LIST", "sdnList", "sdn.csv", "FollowTheMoney", "user vessel list"):
        assert fmt in " ".join(r.output.split())


def test_xml_entity_expansion_is_refused(db, tmp_path):
    bomb = tmp_path / "consolidated.xml"
    lol = "".join(f'<!ENTITY lol{i} "{"&lol%d;" % (i - 1) * 10}">' for i in range(1, 10))
    bomb.write_text(f'<?xml version="1.0"?><!DOCTYPE CONSOLIDATED_LIST [<!ENTITY lol0 "lol">{lol}]>'
                    "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&lol9;</FIRST_NAME>"
                    "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>")
    t = time.perf_counter()
    refused(db, bomb, message=r"DOCTYPE or ENTITY declaration is refused")
    assert time.perf_counter() - t < 5
    sdn = tmp_path / "sdn.xml"
    sdn.write_text(OFAC_XML.read_text(encoding="utf-8").replace("<sdnList ", '<!DOCTYPE sdnList [<!ENTITY x "y">]>'
                                                                          "<sdnList ", 1), encoding="utf-8")
    refused(db, sdn, message=r"DOCTYPE or ENTITY declaration is refused")


# --------------------------------------------------------------------------- versions and user lists
def test_older_version_is_refused_unless_forced(db):
    refused(db, OFAC_OLD, message=r"version 2024-04-26, older than the loaded 2024-05-03.*--force")
    r = load(db, OFAC_OLD, "--force")
    assert r.exit_code == 0, r.output
    lists = {x["list"]: x for x in json.loads(CliRunner().invoke(
        main, ["lists", "--db", str(db), "--format", "json"]).output)}
    assert lists["ofac_sdn"]["version"] == "2024-04-26"


def test_a_second_user_list_does_not_replace_the_first(db, tmp_path):
    other = tmp_path / "panel_of_experts.csv"
    other.write_text("imo,name,reason,source\n9362061,HAWK,test,test\n", encoding="utf-8")
    for p in (FIX / "user_vessels.yaml", other):
        assert load(db, p).exit_code == 0
    lists = {x["list"]: x for x in json.loads(CliRunner().invoke(
        main, ["lists", "--db", str(db), "--format", "json"]).output)}
    assert lists["user:user_vessels"]["entities"] == 3 and lists["user:panel_of_experts"]["entities"] == 1
    assert {"ofac_sdn", "un_sc"} <= lists.keys()
    r = load(db, other, "--name", "Panel 2024")
    assert r.exit_code == 0 and "user:panel_2024" in r.output


def test_cli_refusal_as_a_user_runs_it(tmp_path):
    """End to end, as a user types it: one line saying what is wrong, exit code 1, no traceback."""
    db = tmp_path / "e.duckdb"
    run_cli("lists", "load", OFAC_NEW, db=db)
    p = run_cli("lists", "load", AIS / "marinecadastre_AIS_2023_01_11_sample_aisdb.csv", db=db, check=False)
    assert p.returncode == 1 and "Traceback" not in p.stderr_text + p.stdout_text
    assert "an AIS file" in p.stderr_text + p.stdout_text


# --------------------------------------------------------------------------- OFAC XML
def test_ofac_xml_consolidated_loads():
    lst = load_path(OFAC_XML)
    assert lst.list == "ofac_cons" and lst.version == "2025-03-28" and lst.format == "ofac_xml"
    assert len(lst.entities) == 12
    hamas_pm = {e.entity_id: e for e in lst.entities}["ofac-9639"]
    assert hamas_pm.name == "HANIYA, Ismail Abdul Salah" and "HANIYYA, Ismaeel" in hamas_pm.aliases
    assert hamas_pm.birth_dates == ["1962"] and hamas_pm.programs == ["NS-PLC"]


def test_ofac_xml_cut_or_short_is_refused(db, tmp_path):
    text = OFAC_XML.read_text(encoding="utf-8")
    cut = tmp_path / "consolidated_2025-04-01.xml"
    cut.write_text(text[: len(text) // 2], encoding="utf-8")
    refused(db, cut, message=r"not well-formed XML")
    short = tmp_path / "consolidated_2025-04-02.xml"
    short.write_text(text.replace("<Record_Count>12</Record_Count>", "<Record_Count>13</Record_Count>"),
                     encoding="utf-8")
    refused(db, short, message=r"Record_Count says 13 entries, the file holds 12")


# --------------------------------------------------------------------------- mis-encoded input
@pytest.mark.parametrize("raw, expected, script", [
    ("5/'E -3JF 'D*C1J*J", "صدام حسين التكريتي", "arabic"),
    ("9/F'F 3. -3F #-E/", "عدنان س. حسن أحمد", "arabic"),          # '.' after one letter is a full stop
    ("4J. JHF3 'DEH1J*'FJ", "شيخ يونس الموريتاني", "arabic"),      # ... and otherwise the letter خ
    ("#F5'1 'D41J9) (DJ(J' (Ansar al Charia in Libya (ASL))",
     "أنصار الشريعة بليبيا (Ansar al Charia in Libya (ASL))", "arabic"),
    ("Abou Mouhadjir ('(H EG',1)", "Abou Mouhadjir (ابو مهاجر)", "arabic"),
    ("\uf7101C\uf71014C@0E<0=>2 \uf71c03><54", "Абдурахманов Магомед", "cyrillic"),
    ("Amir Khazmat (original script: \uf710<8@ %07<0B)", "Amir Khazmat (original script: Амир Хазмат)", "cyrillic"),
])
def test_repair_rebuilds_without_guessing(raw, expected, script):
    raw = raw.replace("\uf7101C\uf710", "\uf710")  # (keep the sample readable above)
    assert repair_value(raw, original_script=script == "arabic" and "(" not in raw) == (expected, script, True)


@pytest.mark.parametrize("raw", [
    "Lord\uf719s Resistance Movement/Army (LRM/A)",            # Latin stays Latin, not ٌٍْدف
    "SECOND ACADEMY OF NATURAL SCIENCES (KPE.018)",
    "ISIL-WA", "“1-P”", "GIA",
])
def test_repair_leaves_latin_alone(raw):
    value, script, changed = repair_value(raw)
    assert not changed and script == "latin" and not re.search("[\u0600-\u06ff\u0400-\u04ff]", value)


@pytest.mark.parametrize("raw", [
    "E-E/ 31H1 5/ÌB ED ä£ä© ä´Ìî©",   # Arabic presentation forms: their low bytes are not letters
    "3Ì/ E-E/ 98ÌE \x81:'",          # 0x81 is ځ or ﺁ: unknowable
    "”œT\u2008:°8–‚>",                # Han characters
])
def test_repair_leaves_what_it_cannot_read(raw):
    assert repair_value(raw, original_script=True) == (raw, None, False)


def test_misencoded_excerpt_names_are_rebuilt_or_flagged(db):
    bad = load_path(UN_BAD)
    clean = {e.entity_id: e for e in load_path(UN_CLEAN).entities}
    warn = " ".join(bad.warnings)
    assert re.search(r"rebuilt \d+ names", warn)
    for e in bad.entities:
        for n, _ in e.all_names():
            assert "\ufffd" not in n and not re.search("[\uf700-\uf71f\x00-\x1f]", n), n
            if re.search("[\u0600-\u06ff]", n):   # an Arabic reading holds letters only
                assert re.fullmatch(r"[\u0621-\u063a\u0641-\u065f\u067e\u0686\u0698\u06a9\u06af\u06cc\u0640"
                                    r"\s.\-–—،()A-Za-z’]+", n), n
        if e.entity_id in clean:  # what both copies hold reads the same
            ar = lambda x: {m for m, _ in x.all_names() if re.search("[\u0600-\u06ff]", m)}  # noqa: E731
            assert ar(e) <= ar(clean[e.entity_id]) | set(), (e.entity_id, ar(e), ar(clean[e.entity_id]))
    cyr = [n for e in bad.entities for n, _ in e.all_names() if re.search("[\u0400-\u04ff]", n)]
    assert cyr and all(re.fullmatch(r"[\u0400-\u04ff\s\-]+", n) for n in cyr), cyr


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "sanctions" / "un").is_dir(), reason="../shared/data not present")
def test_misencoded_full_file_against_the_clean_copy():
    """Every name rebuilt from the mis-encoded 2025-08-16 copy that the clean 2025-04-19 copy also
    holds is letter for letter the clean one; the version diff reports list changes, not garbling."""
    un = SHARED / "sanctions" / "un"
    bad = load_path(un / "un_sc_consolidated_2025-08-16_misencoded.xml")
    good = {e.entity_id: e for e in load_path(un / "un_sc_consolidated_2025-04-19.xml").entities}
    nonlatin = re.compile("[\u0400-\u04ff\u0600-\u06ff]")
    same = differ = 0
    for e in bad.entities:
        g = good.get(e.entity_id)
        if g is None:
            continue
        gn = {n for n, _ in g.all_names()}
        for n, _ in e.all_names():
            if nonlatin.search(n):
                same += n in gn
                differ += n not in gn
    assert same >= 380 and differ == 0, (same, differ)
    con = duckdb.connect(":memory:")
    save_list(con, load_path(un / "un_sc_consolidated_2025-04-19.xml"))
    rep = save_list(con, bad)
    assert rep.summary()["changed"] <= 20 and rep.summary()["unreadable_names"] >= 15, rep.summary()


def test_store_refusal_is_typed():
    con = duckdb.connect(":memory:")
    save_list(con, load_path(OFAC_NEW))
    with pytest.raises(ListLoadRefused) as exc:
        save_list(con, load_path(OFAC_OLD))
    assert exc.value.reason == "older_version"
    with pytest.raises(ListFormatError):
        load_path(AIS / "marinecadastre_AIS_2023_01_11_sample_aisdb.csv")
