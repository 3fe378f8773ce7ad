import pytest
from hypothesis import given
from hypothesis import strategies as st

from klimapakete.sortition.io import CsvError, read_categories, read_respondents

CATEGORIES = (
    "category,feature,min,max\ngender,female,1,2\ngender,male,1,2\nage,young,0,3\nage,old,0,3\n"
)


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_reads_excel_style_files(tmp_path):
    # German Excel: BOM, semicolons, stray whitespace, extra columns, blank lines
    cats = write(
        tmp_path,
        "c.csv",
        "\ufeffcategory ; feature;min;max\n gender;female; 1 ;2\n"
        "gender;male;1;2\n\nage;young;0;3\nage;old;0;3\n",
    )
    categories, quotas = read_categories(cats)
    assert categories == ["gender", "age"]
    assert quotas[0].feature == "female" and quotas[0].min == 1
    people = write(
        tmp_path,
        "r.csv",
        "\ufeffName;gender;age;Email\nAnna; female ;young;a@x\nBen;male;old;b@x\n",
        encoding="utf-8",
    )
    respondents = read_respondents(people, categories, quotas)
    assert [r.id for r in respondents] == ["1", "2"]  # no id column: row numbers
    assert respondents[0].features == {"gender": "female", "age": "young"}


def test_uses_id_column_and_windows_1252(tmp_path):
    cats = write(
        tmp_path,
        "c.csv",
        "category,feature,min,max\nort,Süd,0,2\nort,Nord,0,2\n",
        encoding="cp1252",
    )
    categories, quotas = read_categories(cats)
    people = write(tmp_path, "r.csv", "ID,ort\nx7,Süd\nx9,Nord\n", encoding="cp1252")
    assert [r.id for r in read_respondents(people, categories, quotas)] == ["x7", "x9"]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("category,feature,min\ng,f,1\n", 1, "missing column 'max'"),
        ("category,feature,min,max\ng,f,one,2\n", 2, "min 'one' is not a number"),
        ("category,feature,min,max\ng,f,1,2.5\n", 2, "not a whole number"),
        ("category,feature,min,max\ng,f,-1,2\n", 2, "negative"),
        ("category,feature,min,max\ng,f,1,2\ng,f,0,1\n", 3, "duplicate quota"),
        ("category,feature,min,max\ng,,1,2\n", 2, "empty value"),
    ],
)
def test_category_errors_name_file_and_line(tmp_path, text, line, fragment):
    path = write(tmp_path, "cats.csv", text)
    with pytest.raises(CsvError) as error:
        read_categories(path)
    assert error.value.line == line
    assert fragment in str(error.value)
    assert str(error.value).startswith(f"{path}:{line}: ")


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("id,gender\n1,female\n", 1, "missing column 'age'"),
        ("gender,age\nfemale,young\nfemale,middle\n", 3, "unknown value 'middle' for 'age'"),
        ("id,gender,age\na,female,young\na,male,old\n", 3, "duplicate id 'a'"),
        ("gender,age\nfemale\n", 2, "empty value in column 'age'"),
    ],
)
def test_respondent_errors_name_file_and_line(tmp_path, text, line, fragment):
    categories, quotas = read_categories(write(tmp_path, "c.csv", CATEGORIES))
    path = write(tmp_path, "people.csv", text)
    with pytest.raises(CsvError) as error:
        read_respondents(path, categories, quotas)
    assert error.value.line == line
    assert fragment in str(error.value)


def test_empty_pool_and_missing_file(tmp_path):
    categories, quotas = read_categories(write(tmp_path, "c.csv", CATEGORIES))
    with pytest.raises(CsvError, match="pool is empty"):
        read_respondents(write(tmp_path, "r.csv", "gender,age\n"), categories, quotas)
    with pytest.raises(CsvError, match="cannot read"):
        read_respondents(tmp_path / "nope.csv", categories, quotas)


@given(
    st.lists(st.sampled_from(["female", "male"]), min_size=1, max_size=20),
    st.sampled_from([",", ";", "\t"]),
    st.booleans(),
)
def test_any_delimiter_and_bom_round_trip(tmp_path_factory, values, delimiter, bom):
    tmp = tmp_path_factory.mktemp("rt")
    cats = write(tmp, "c.csv", CATEGORIES.replace(",", delimiter))
    categories, quotas = read_categories(cats)
    text = ("\ufeff" if bom else "") + delimiter.join(["gender", "age"]) + "\n"
    text += "".join(f"{v}{delimiter}old\n" for v in values)
    respondents = read_respondents(write(tmp, "r.csv", text), categories, quotas)
    assert [r.features["gender"] for r in respondents] == values
