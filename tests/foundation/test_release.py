"""Every process running the same code shares one cache key space; other code gets another."""

from kpu_coop.release import code_fingerprint


def tree(root, template="<p>Halo</p>"):
    (root / "public" / "templates").mkdir(parents=True)
    (root / "public" / "views.py").write_text("def view(): ...\n")
    (root / "public" / "templates" / "page.html").write_text(template)
    return root


def test_the_same_code_gives_the_same_key_space(tmp_path):
    assert code_fingerprint(tree(tmp_path / "a")) == code_fingerprint(tree(tmp_path / "b"))


def test_a_changed_template_gives_a_new_key_space(tmp_path):
    assert code_fingerprint(tree(tmp_path / "a")) != code_fingerprint(tree(tmp_path / "b", "<p>Hai</p>"))


def test_data_and_the_virtualenv_do_not_count(tmp_path):
    root = tree(tmp_path / "a")
    before = code_fingerprint(root)
    for folder in ["var", ".venv"]:
        (root / folder).mkdir()
        (root / folder / "cache.py").write_text("changing = True\n")

    assert code_fingerprint(root) == before
