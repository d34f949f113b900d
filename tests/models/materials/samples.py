"""Real material files for the tests: Word documents made by python-docx, PDFs with a text layer made by
reportlab (embedded CJK font), a scanned-looking PDF (an image only), and texts of an exact 字数."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

SENTENCES = (
    "一年来，在县委的坚强领导下，我始终坚持把抓基层党建作为第一责任，认真履行党组织书记第一责任人职责。",
    "坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神，推动党建工作与中心工作深度融合。",
    "严格落实“三会一课”、主题党日、组织生活会和民主评议党员等制度，全年召开支部委员会十二次、党员大会四次。",
    "聚焦基层组织建设，选优配强村党组织带头人，整顿软弱涣散党组织两个，发展党员五名，培养入党积极分子八名。",
    "坚持问题导向，对照上年度述职评议会点评指出的问题，逐项制定整改措施，明确责任人和完成时限，已全部整改到位。",
    "存在的不足：一是理论学习的系统性还不够强；二是党建引领乡村振兴的办法还不多；三是党员教育管理还有薄弱环节。",
    "下一步，我将进一步压实党建工作责任，创新党员教育方式，以高质量党建引领高质量发展，努力交出满意答卷。",
)


def chinese_text(chars: int, *, paragraph: int = 3) -> str:
    """Paragraphs of 党建 prose whose Word 字数 is exactly ``chars`` (every character counts one)."""
    flat, sentences = "", 0
    while len(flat) < chars:
        flat += SENTENCES[sentences % len(SENTENCES)]
        sentences += 1
    flat = flat[:chars]
    if chars > 1:
        flat = flat[:-1] + "。"
    out, taken = [], 0
    for n, sentence_end in enumerate(_ends(flat)):
        if (n + 1) % paragraph == 0 or sentence_end == len(flat):
            out.append(flat[taken:sentence_end])
            taken = sentence_end
    if taken < len(flat):
        out.append(flat[taken:])
    return "\n".join(p for p in out if p)


def _ends(text: str) -> list[int]:
    return [i + 1 for i, ch in enumerate(text) if ch == "。"] or [len(text)]


def report_text(name: str, chars: int) -> tuple[str, str, str]:
    """(title, name line, body) of a report whose whole 字数 is ``chars``."""
    title = "2026年度抓基层党建工作述职报告"  # 2026 + 14 = 15 字
    who = f"青山镇党委书记　{name}"
    from models.materials.wordcount import word_count

    return title, who, chinese_text(chars - word_count(title) - word_count(who))


def make_docx(path: Path, paragraphs: list[str], *, table: list[list[str]] | None = None) -> Path:
    """A real .docx: a title-styled first paragraph, then body paragraphs (and a table if given)."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    first, *rest = paragraphs
    document.add_heading(first, level=1)
    for text in rest:
        for line in text.split("\n"):
            p = document.add_paragraph(line)
            p.paragraph_format.first_line_indent = Pt(32)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def make_report_docx(path: Path, name: str, chars: int) -> Path:
    title, who, body = report_text(name, chars)
    return make_docx(path, [title, who, body])


def make_self_eval_docx(path: Path, name: str, chars: int) -> Path:
    from models.materials.wordcount import word_count

    head = "自我评价"
    return make_docx(path, [head, name, chinese_text(chars - 4 - word_count(name), paragraph=9)])


def make_pdf(path: Path, text: str) -> Path:
    """A real PDF with a text layer: ``text`` laid out by reportlab in the bundled CJK font."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from printing import fonts

    fonts.register()
    style = ParagraphStyle("b", fontName=fonts.BODY, fontSize=14, leading=24, wordWrap="CJK")
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build([Paragraph(p, style) for p in text.split("\n")])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A PDF holding only a picture of text (no text layer), as a scanner makes it."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(image)
    for y in range(60, 760, 30):
        draw.rectangle((50, y, 550, y + 12), fill=40)
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.drawImage(ImageReader(image), 40, 40, width=A4[0] - 80, height=A4[1] - 80)
    c.showPage()
    c.save()
    path.write_bytes(buffer.getvalue())
    return path


def make_renamed_zip(path: Path) -> Path:
    """A plain zip archive named .docx."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("照片/a.txt", "不是 Word 文档")
    path.write_bytes(buffer.getvalue())
    return path


def make_encrypted_docx(path: Path) -> Path:
    """A real password-protected .docx (python-docx document encrypted by msoffcrypto-tool, as Word does)."""
    import docx
    from msoffcrypto.format.ooxml import OOXMLFile

    plain, out = io.BytesIO(), io.BytesIO()
    document = docx.Document()
    document.add_paragraph("述职报告（设了密码）")
    document.save(plain)
    plain.seek(0)
    OOXMLFile(plain).encrypt("123456", out)
    path.write_bytes(out.getvalue())
    return path


def make_damaged_docx(path: Path, good: Path) -> Path:
    """A real .docx cut in half (as an interrupted copy leaves it)."""
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path
