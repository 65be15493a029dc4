"""Inputs that are empty, binary, truncated HTML, huge (50 MB) or in a wrongly declared encoding never
crash a run: normalize records each with its error (or, for a wrong declaration, decodes it right
anyway), `zhaoshang extract` prints one line for each, and a flow run stores every one of them --
raw bytes kept, error recorded -- while the rest of the batch loads. The same bytes under two
names do not block their batch, and an article whose extraction raises is recorded with the
error instead of failing the run."""

from __future__ import annotations

import json
from pathlib import Path

import opencc
import pytest
from sqlalchemy import text

from flows.cli import main
from tasks import quality
from tasks.load import make_engine
from tasks.models import ArticleResult, RawArticle
from tasks.normalize import MAX_ARTICLE_BYTES, normalize_article
from tasks.reference import load_reference

ROOT = Path(__file__).resolve().parents[2]
SEED_001 = next((ROOT / "seeds" / "articles").glob("001_*.txt"))
SEED_004 = next((ROOT / "seeds" / "articles").glob("004_*.txt"))
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 8

# Written for these tests (not from any article): a short report with numbers in it.
NANTONG_TITLE = "南通上半年新签约亿元以上项目188个"
NANTONG = ("上半年,南通市新签约亿元以上项目188个,总投资1024.5亿元,同比增长12.4%。"
           "其中,先进制造业项目97个,占比51.6%。")
YANCHENG_CUT = "<html><head><title>盐城招商</title></head><body><article><p>一季度,盐城市新签约亿元以上项目156个,总投"


def page(title: str, body: str, charset: str) -> str:
    return (f'<html><head><meta charset="{charset}"><title>{title}</title></head>'
            f"<body><article><h1>{title}</h1><p>{body}</p></article></body></html>")


@pytest.fixture(scope="module")
def rules():
    return load_reference(ROOT / "seeds").text_rules


def normalized(data: bytes, rules, hint: str | None = None):
    return normalize_article(RawArticle("test", "test.txt", data, "", encoding_hint=hint), rules)


@pytest.mark.parametrize(("data", "error"), [
    (b"", "empty"),
    (" \r\n\t\u3000 ".encode(), "empty"),
    (PNG, "binary"),
    (NANTONG.encode("utf-16-le"), "binary"),  # UTF-16 without a byte-order mark reads as binary
    (b"<html><body><div><p></p></div></body></html>", "empty"),
    (b"\xe6\x8b\x9b" * (MAX_ARTICLE_BYTES // 3 + 1), "too large"),
], ids=["empty", "blank", "png", "utf16-without-bom", "html-without-text", "over-the-cap"])
def test_an_unreadable_input_is_a_value_with_its_error(data, error, rules):
    article = normalized(data, rules)
    assert article.error == error
    assert article.text == "" and article.raw.raw == data


def test_truncated_html_keeps_what_it_has(rules):
    article = normalized(YANCHENG_CUT.encode(), rules)
    assert article.error is None
    assert "盐城市新签约亿元以上项目156个" in article.text


@pytest.mark.parametrize(("encoding", "declared", "script"), [
    ("gb18030", "iso-8859-1", "simplified"),  # a server's default charset on a GBK page
    ("gb18030", "utf-8", "simplified"),
    ("utf-8", "gbk", "simplified"),
    ("big5", "gbk", "traditional"),  # Big5 bytes read as GBK decode without error, into nonsense
    ("gb18030", "x-no-such-charset", "simplified"),
])
def test_a_wrongly_declared_encoding_is_still_read_right(encoding, declared, script, rules):
    convert = (lambda s: s) if script == "simplified" else opencc.OpenCC("s2t").convert
    body = convert(NANTONG)
    declared_in_page = normalized(page(convert(NANTONG_TITLE), body, declared).encode(encoding), rules)
    declared_by_source = normalized(body.encode(encoding), rules, hint=declared)
    for article in (declared_in_page, declared_by_source):
        assert article.error is None
        assert "南通市新签约亿元以上项目188个,总投资1024.5亿元" in article.text
        assert article.flags.mojibake_share == 0


def test_the_same_bytes_twice_are_one_row_of_the_article_gate(rules):
    empty = normalized(b"", rules)
    good = normalized(SEED_001.read_bytes(), rules)
    results = [ArticleResult(a.raw.uri, None, None, None, a.error) for a in (empty, good, empty)]
    frame = quality.articles_frame([empty, good, empty], results)
    assert list(frame["article_sha256"]) == [empty.raw.sha256, good.raw.sha256]


def bad_folder(folder: Path, huge_mb: int) -> dict[str, bytes]:
    """A folder of good and bad inputs; returns file name -> bytes written."""
    files = {
        "a_seed_001.txt": SEED_001.read_bytes(),
        "b_seed_004.txt": SEED_004.read_bytes(),
        "c_empty.txt": b"",
        "d_empty_again.txt": b"",
        "e_blank.txt": b"  \n\n\t\n",
        "f_image.txt": PNG,
        "g_truncated.html": YANCHENG_CUT.encode(),
        "h_latin1_declared.html": page(NANTONG_TITLE, NANTONG, "iso-8859-1").encode("gb18030"),
        "i_huge.txt": ("招商" * 64).encode() * (huge_mb * 1024 * 1024 // 384),
    }
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return files


def test_extract_prints_one_line_per_input_and_exits_0(tmp_path, capsys):
    files = bad_folder(tmp_path / "in", huge_mb=6)
    paths = [str(tmp_path / "in" / name) for name in files] + [str(tmp_path / "in" / "missing.txt")]
    assert main(["extract", *paths, "--format", "jsonl"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["source"] for line in lines] == paths
    errors = {Path(line["source"]).name: line["error"] for line in lines}
    assert errors == {
        "a_seed_001.txt": None, "b_seed_004.txt": None, "c_empty.txt": "empty", "d_empty_again.txt": "empty",
        "e_blank.txt": "empty", "f_image.txt": "binary", "g_truncated.html": None, "h_latin1_declared.html": None,
        "i_huge.txt": "too large", "missing.txt": errors["missing.txt"],
    }
    assert errors["missing.txt"].startswith("unreadable")
    facts = {Path(line["source"]).name: line["facts"] for line in lines}
    assert facts["a_seed_001.txt"] and facts["h_latin1_declared.html"] and facts["g_truncated.html"]
    assert not facts["i_huge.txt"] and not facts["f_image.txt"]


@pytest.mark.slow
def test_a_run_stores_every_bad_input_with_its_error_and_loads_the_rest(db_url, tmp_path, prefect_harness):
    files = bad_folder(tmp_path / "inbox", huge_mb=50)
    assert main(["run", str(tmp_path / "inbox"), "--db", db_url, "--report-dir", str(tmp_path / "report")]) == 0
    engine = make_engine(db_url)
    with engine.connect() as conn:
        stored = {row.uri: row for row in conn.execute(text(
            "SELECT a.uri, a.raw, a.error, a.text, (SELECT count(*) FROM facts f WHERE f.article_sha256 = a.sha256) "
            "AS facts FROM articles a"))}
        positions = conn.execute(text("SELECT count(*) FROM batch_articles")).scalar_one()
        status = conn.execute(text("SELECT status FROM batches")).scalar_one()
    engine.dispose()
    assert status == "loaded"
    assert positions == len(files)  # both empty files keep their place in the batch
    by_name = {Path(uri).name: row for uri, row in stored.items()}
    assert set(by_name) == set(files) - {"d_empty_again.txt"}  # the same bytes are one article
    for name, row in by_name.items():
        assert bytes(row.raw) == files[name], name
    assert {name: row.error for name, row in by_name.items()} == {
        "a_seed_001.txt": None, "b_seed_004.txt": None, "c_empty.txt": "empty", "e_blank.txt": "empty",
        "f_image.txt": "binary", "g_truncated.html": None, "h_latin1_declared.html": None, "i_huge.txt": "too large",
    }
    assert "南通市新签约亿元以上项目188个" in by_name["h_latin1_declared.html"].text
    assert by_name["a_seed_001.txt"].facts > 10 and by_name["h_latin1_declared.html"].facts > 0
    assert by_name["i_huge.txt"].facts == 0 and by_name["i_huge.txt"].text == ""


@pytest.mark.slow
def test_an_article_whose_extraction_raises_is_recorded_and_the_batch_goes_on(sqlite_url, tmp_path, monkeypatch,
                                                                                prefect_harness):
    import flows.stage_tasks

    real = flows.stage_tasks.extract_article

    def fragile(article, ref):  # type: ignore[no-untyped-def]
        if "004_" in article.raw.uri:
            raise RecursionError("injected: an extractor bug on one article")
        return real(article, ref)

    monkeypatch.setattr(flows.stage_tasks, "extract_article", fragile)
    assert main(["run", str(ROOT / "seeds" / "articles"), "--db", sqlite_url,
                 "--report-dir", str(tmp_path / "report")]) == 0
    with make_engine(sqlite_url).connect() as conn:
        rows = {Path(r.uri).name[:3]: (r.error, r.facts) for r in conn.execute(text(
            "SELECT a.uri, a.error, (SELECT count(*) FROM facts f WHERE f.article_sha256 = a.sha256) AS facts "
            "FROM articles a"))}
    assert rows["004"] == ("internal error: RecursionError: injected: an extractor bug on one article", 0)
    assert all(error is None and facts > 0 for prefix, (error, facts) in rows.items() if prefix != "004")
