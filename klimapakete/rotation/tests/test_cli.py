import csv
import json

from klimapakete.cli import main


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_rotate_writes_plan_and_summary(tmp_path):
    rows = "\n".join(f"p{i},{'ABCD'[i % 4]}" for i in range(20))
    participants = write(tmp_path / "people.csv", "id,sector\n" + rows + "\n")
    code = main(
        ["rotate", "--participants", participants, "--rounds", "3", "--group-size", "4",
         "--seed", "4", "--time-limit", "5", "--output-dir", str(tmp_path / "out")]
    )  # fmt: skip
    assert code == 0
    with (tmp_path / "out" / "plan.csv").open() as handle:
        plan = list(csv.DictReader(handle))
    assert len(plan) == 60
    assert {row["round"] for row in plan} == {"1", "2", "3"}
    assert {row["group"] for row in plan} == {"1", "2", "3", "4", "5"}
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    for key in ("repeated_pairs", "max_meetings", "sector_clashes", "size_spread", "round_bound"):
        assert key in summary
    assert summary["repeated_pairs"] == 0
    assert summary["seconds"] >= 0
    # Both clash measures, each with its lower bound, and whether it is met.
    assert summary["sector_clashes_over_one"] >= summary["bounds"]["sector_clashes_over_one"]
    assert summary["sector_clashes"] >= summary["bounds"]["sector_clashes"]
    assert summary["bounds"]["repeated_pairs"] == 0
    assert summary["optimal"]["repeated_pairs"] is True


def test_rotate_reports_the_neighbouring_table_counts(tmp_path):
    # 21 people, tables of about 5: 4 tables of 5–6 force 15 repeats, 5 of 4–5 none.
    rows = "\n".join(f"p{i}," for i in range(21))
    participants = write(tmp_path / "people.csv", "id,sector\n" + rows + "\n")
    code = main(
        ["rotate", "--participants", participants, "--rounds", "4", "--group-size", "5",
         "--time-limit", "5", "--output-dir", str(tmp_path / "out")]
    )  # fmt: skip
    assert code == 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["requested_groups"] == 4 == summary["groups"]
    assert summary["repeated_pairs"] == 15 == summary["bounds"]["repeated_pairs"]
    options = {o["groups"]: o for o in summary["group_options"]}
    assert options[4]["table_sizes"] == [5, 6]
    assert options[5]["table_sizes"] == [4, 5]
    assert options[5]["repeated_pairs"] == 0
    assert summary["best_groups"] == 5


def test_rotate_reads_bom_semicolons_and_spaces(tmp_path):
    text = "\ufeff id ; sector \n a ; x\n b ; y \n c;\n d ; x\n"
    participants = write(tmp_path / "people.csv", text)
    pairs = write(tmp_path / "pairs.csv", "id1;id2\n a ; b \n")
    out = tmp_path / "out"
    code = main(
        ["rotate", "--participants", participants, "--rounds", "2", "--group-size", "2",
         "--keep-apart", pairs, "--output-dir", str(out)]
    )  # fmt: skip
    assert code == 0
    plan = list(csv.DictReader((out / "plan.csv").open()))
    tables = {}
    for row in plan:
        tables.setdefault((row["round"], row["group"]), set()).add(row["id"])
    assert all(not {"a", "b"} <= table for table in tables.values())


def test_bad_input_exits_2_naming_file_and_line(tmp_path, capsys):
    participants = write(tmp_path / "people.csv", "id,sector\na,x\nb,y\na,z\n")
    code = main(
        ["rotate", "--participants", participants, "--rounds", "2", "--group-size", "2",
         "--output-dir", str(tmp_path / "out")]
    )  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert "people.csv, line 4" in err
    assert "duplicate id 'a'" in err


def test_unknown_id_in_pairs(tmp_path, capsys):
    participants = write(tmp_path / "people.csv", "id,sector\na,x\nb,y\n")
    pairs = write(tmp_path / "pairs.csv", "id1,id2\na,b\na,zed\n")
    code = main(
        ["rotate", "--participants", participants, "--rounds", "1", "--group-size", "2",
         "--keep-apart", pairs, "--output-dir", str(tmp_path / "out")]
    )  # fmt: skip
    assert code == 2
    assert "pairs.csv, line 3: unknown id 'zed'" in capsys.readouterr().err


def test_missing_column_and_bad_group_size(tmp_path, capsys):
    participants = write(tmp_path / "people.csv", "name,sector\na,x\n")
    args = ["rotate", "--participants", participants, "--rounds", "1", "--group-size", "2"]
    assert main(args + ["--output-dir", str(tmp_path / "o")]) == 2
    assert "people.csv, line 1: missing column 'id'" in capsys.readouterr().err
    participants = write(tmp_path / "ok.csv", "id\na\nb\nc\n")
    args = ["rotate", "--participants", participants, "--rounds", "1", "--group-size", "1"]
    assert main(args + ["--output-dir", str(tmp_path / "o")]) == 2
    assert "group size 1 is too small" in capsys.readouterr().err


def test_rotate_keeps_hosts_at_their_tables(tmp_path):
    rows = "\n".join(f"p{i},{'ABCD'[i % 4]}" for i in range(20))
    participants = write(tmp_path / "people.csv", "id,sector\n" + rows + "\n")
    hosts = write(tmp_path / "hosts.csv", "id\np7\np2\n")
    out = tmp_path / "out"
    code = main(
        ["rotate", "--participants", participants, "--rounds", "3", "--group-size", "4",
         "--hosts", hosts, "--time-limit", "5", "--output-dir", str(out)]
    )  # fmt: skip
    assert code == 0
    with (out / "plan.csv").open() as handle:
        plan = list(csv.DictReader(handle))
    assert {row["group"] for row in plan if row["id"] == "p7"} == {"1"}
    assert {row["group"] for row in plan if row["id"] == "p2"} == {"2"}
    assert len(plan) == 60


def test_rotate_rejects_unknown_host(tmp_path, capsys):
    participants = write(tmp_path / "people.csv", "id\na\nb\nc\nd\n")
    hosts = write(tmp_path / "hosts.csv", "id\na\nzz\n")
    code = main(
        ["rotate", "--participants", participants, "--rounds", "2", "--group-size", "2",
         "--hosts", hosts, "--output-dir", str(tmp_path / "out")]
    )  # fmt: skip
    assert code == 2
    assert "hosts.csv, line 3: unknown id 'zz'" in capsys.readouterr().err
