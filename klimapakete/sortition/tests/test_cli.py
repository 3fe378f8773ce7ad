import csv
import json

from klimapakete.cli import main

CATEGORIES = (
    "category,feature,min,max\ngender,female,2,3\ngender,male,2,3\nage,young,1,4\nage,old,1,4\n"
)
PEOPLE = "id,gender,age,email\n" + "".join(
    f"p{i},{'female' if i % 2 else 'male'},{'young' if i % 3 else 'old'},x@y\n"
    for i in range(1, 13)
)


def setup(tmp_path, categories=CATEGORIES, people=PEOPLE):
    (tmp_path / "c.csv").write_text(categories)
    (tmp_path / "r.csv").write_text(people)
    return [
        "select",
        "--categories",
        str(tmp_path / "c.csv"),
        "--respondents",
        str(tmp_path / "r.csv"),
        "--output-dir",
        str(tmp_path / "out"),
    ]


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def test_select_writes_all_outputs(tmp_path, capsys):
    args = setup(tmp_path)
    assert main([*args, "--panel-size", "5", "--seed", "abc"]) == 0
    out = tmp_path / "out"
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "optimal" and summary["n"] == 12 and summary["k"] == 5
    assert summary["seed"] == "abc"
    probabilities = read(out / "probabilities.csv")
    assert [r["id"] for r in probabilities] == [f"p{i}" for i in range(1, 13)]
    assert abs(sum(float(r["probability"]) for r in probabilities) - 5) < 1e-9
    assert summary["min_probability"] == min(float(r["probability"]) for r in probabilities)
    distribution = read(out / "distribution.csv")
    assert len(distribution) == summary["panels"]
    assert all(len(r["ids"].split()) == 5 for r in distribution)
    panel = [r["id"] for r in read(out / "panel.csv")]
    assert len(panel) == 5
    assert " ".join(panel) == distribution[summary["drawn_panel"] - 1]["ids"]
    # the same seed reproduces the panel, also through verify-draw
    capsys.readouterr()
    verify = ["verify-draw", "--distribution", str(out / "distribution.csv"), "--seed", "abc"]
    assert main([*verify, "--panel", str(out / "panel.csv")]) == 0
    assert "matches" in capsys.readouterr().out
    assert main(
        [
            "verify-draw",
            "--distribution",
            str(out / "distribution.csv"),
            "--seed",
            "other",
            "--panel",
            str(out / "panel.csv"),
        ]
    ) in (0, 1)


def test_infeasible_quotas_exit_2_with_explanation(tmp_path, capsys):
    args = setup(tmp_path, CATEGORIES.replace("female,2,3", "female,4,3"))
    assert main([*args, "--panel-size", "5"]) == 2
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["status"] == "infeasible"
    assert summary["explanation"]["conflicts"][0]["kind"] == "min_above_max"
    assert summary["explanation"]["changes"]
    assert "min 4 is above max 3" in capsys.readouterr().err


def test_malformed_files_exit_2_naming_file_and_line(tmp_path, capsys):
    args = setup(tmp_path, people=PEOPLE.replace("p3,female,old", "p3,female,ancient"))
    assert main([*args, "--panel-size", "5"]) == 2
    err = capsys.readouterr().err
    assert "r.csv:4:" in err and "unknown value 'ancient' for 'age'" in err
    args = setup(tmp_path, categories=CATEGORIES.replace(",male,2,3", ",male,two,3"))
    assert main([*args, "--panel-size", "5"]) == 2
    assert "c.csv:3:" in capsys.readouterr().err


def test_panel_larger_than_pool(tmp_path, capsys):
    assert main([*setup(tmp_path), "--panel-size", "13"]) == 2
    assert "larger than the pool" in capsys.readouterr().err
