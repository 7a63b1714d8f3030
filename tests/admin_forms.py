"""Read an admin change form from its page as a browser would, to post it back with a few changes."""

from html.parser import HTMLParser


class FormReader(HTMLParser):
    """The values a browser submits for the page's main form (not the empty templates of inline rows)."""

    def __init__(self):
        super().__init__()
        self.data = {}
        self.in_form = False
        self.select = None
        self.textarea = None

    def add(self, name, value):
        if "__prefix__" not in name:
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method") == "post" and attrs.get("id", "").endswith("_form"):
            self.in_form = True
        if not self.in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.add(name, attrs.get("value", "on"))
                return
            self.add(name, attrs.get("value", ""))
        elif tag == "select" and name:
            self.select = name
            self.data.setdefault(name, []) if "__prefix__" not in name else None
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.add(name, "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea and "__prefix__" not in self.textarea:
            values = self.data[self.textarea]
            # The browser drops the one newline that may follow <textarea>.
            values[-1] += data.removeprefix("\n") if values[-1] == "" else data


def change_form_data(response):
    """The main form's fields as a browser would post them, with its save button."""
    reader = FormReader()
    reader.feed(response.content.decode())
    data = {name: values if len(values) != 1 else values[0] for name, values in reader.data.items()}
    return {**data, "_save": "Save"}
