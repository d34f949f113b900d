"""The text of an attached file: .docx (python-docx), .txt (UTF-8 / GB18030 / UTF-16), .pdf with a
text layer (pypdfium2).  A file that is not what its name claims is refused with a Chinese
sentence naming the file and the way out; nothing is read half.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from models.errors import PingyiError

from .wordcount import east_asian

SUFFIXES = (".docx", ".txt", ".pdf")
MAX_BYTES = 30 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Extracted:
    """A file's kind (docx / txt / pdf) and its text, paragraphs separated by line breaks."""

    file_type: str
    text: str


def file_type_of(name: str) -> str:
    """``docx`` / ``txt`` / ``pdf`` from the file name; refuses any other kind."""
    lower = name.lower()
    if lower.endswith(".doc") or lower.endswith(".wps"):
        raise PingyiError(f"{name}：是旧版 Word/WPS 文件，不能直接读取。请在 Word 或 WPS 中“另存为” .docx 后再添加。")
    for suffix in SUFFIXES:
        if lower.endswith(suffix):
            return suffix[1:]
    raise PingyiError(f"{name}：不支持这种文件。请使用 Word 文档（.docx）、纯文本（.txt）或带文字层的 PDF（.pdf）。")


def extract(name: str, content: bytes) -> Extracted:
    """The text of ``content`` (a file called ``name``); refuses empty, foreign, encrypted or damaged files."""
    kind = file_type_of(name)
    if not content:
        raise PingyiError(f"{name}：文件是空的（0 字节）。请检查是否选错了文件。")
    if len(content) > MAX_BYTES:
        raise PingyiError(f"{name}：文件超过 30 MB，不像是述职材料。请检查是否选错了文件，或删去其中的图片后再添加。")
    text = {"docx": _docx_text, "txt": _txt_text, "pdf": _pdf_text}[kind](name, content)
    text = _BLANK_LINES.sub("\n\n", "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")))
    text = text.strip("\n").replace("\x00", "")
    if not text.strip():
        raise PingyiError(f"{name}：文件中没有文字。请检查是否选错了文件。")
    return Extracted(kind, text)


def _docx_text(name: str, content: bytes) -> str:
    if content.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in content:
            raise PingyiError(
                f"{name}：Word 文档设置了打开密码，无法读取。请在 Word 中取消密码（文件→信息→保护文档）后另存再添加。"
            )
        raise PingyiError(f"{name}：实际上是旧版 .doc 文件（只是改了扩展名）。请在 Word 中“另存为” .docx 后再添加。")
    if not content.startswith(b"PK"):
        raise PingyiError(
            f"{name}：不是 Word 文档（.docx），文件内容与扩展名不符。请用 Word 打开确认后另存为 .docx 再添加。"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            names = set(package.namelist())
            if "word/document.xml" not in names:
                raise PingyiError(
                    f"{name}：是一个压缩包，不是 Word 文档（缺少正文 word/document.xml）。请选择真正的 .docx 文件。"
                )
            bad = package.testzip()
            if bad:
                raise PingyiError(f"{name}：Word 文档已损坏（{bad} 校验失败）。请用 Word 打开修复后另存，再添加。")
    except zipfile.BadZipFile as exc:
        raise PingyiError(f"{name}：Word 文档已损坏，无法打开。请用 Word 打开修复后另存，再添加。") from exc
    import docx  # python-docx, loaded only when a Word file is read

    try:
        document = docx.Document(io.BytesIO(content))
        return "\n".join(_docx_blocks(document))
    except Exception as exc:  # lxml, zip or python-docx errors: the file is damaged either way
        raise PingyiError(f"{name}：Word 文档已损坏，读取正文时出错。请用 Word 打开修复后另存，再添加。") from exc


def _docx_blocks(document) -> list[str]:
    """Paragraphs and table rows in document order (Word's 字数 counts both)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = []
                for cell in row.cells:
                    if not cells or cell.text != cells[-1]:  # a merged cell repeats in each grid column
                        cells.append(cell.text)
                lines.append("　".join(c.replace("\n", " ") for c in cells))
    return lines


def _txt_text(name: str, content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        return _decode(name, content[3:], "utf-8")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(name, content, "utf-16")
    if b"\x00" in content or content.startswith((b"PK", b"%PDF", _OLE_MAGIC)):
        raise PingyiError(f"{name}：不是纯文本文件（内容是二进制数据）。请检查扩展名是否被改过，或另存为 .txt 再添加。")
    for encoding in ("utf-8", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PingyiError(
        f"{name}：文本编码无法识别（既不是 UTF-8 也不是 GB18030/GBK）。请用记事本打开后另存为 UTF-8 再添加。"
    )


def _decode(name: str, content: bytes, encoding: str) -> str:
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as exc:
        raise PingyiError(
            f"{name}：文本文件有损坏的字符（{encoding} 第 {exc.start} 字节）。请用记事本打开检查后重新保存。"
        ) from exc


def _pdf_text(name: str, content: bytes) -> str:
    if not content.startswith(b"%PDF"):
        raise PingyiError(f"{name}：不是 PDF 文件，文件内容与扩展名不符。请检查是否选错了文件。")
    import pypdfium2  # loaded only when a PDF is read

    try:
        document = pypdfium2.PdfDocument(content)
    except pypdfium2.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise PingyiError(f"{name}：PDF 设置了密码，无法读取。请提供未加密的 PDF 或 Word 文档。") from exc
        raise PingyiError(f"{name}：PDF 文件已损坏，无法打开。请重新导出 PDF，或改用 Word 文档。") from exc
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
    finally:
        document.close()
    text = "\n".join(_join_wrapped(page.replace("\r\n", "\n").replace("\r", "\n")) for page in pages)
    if not text.strip():
        raise PingyiError(
            f"{name}：PDF 中没有文字层（可能是扫描件或图片），无法统计字数。请提供 Word 文档，或带文字层的 PDF。"
        )
    return text


_PARAGRAPH_END = tuple("。！？；：”’）」』…")


def _join_wrapped(page: str) -> str:
    """A PDF's lines joined back into paragraphs: a full line not ending a sentence continues on the next."""
    out: list[str] = []
    for line in (part.strip() for part in page.split("\n")):
        if out and out[-1] and line and len(out[-1]) >= 20 and not out[-1].endswith(_PARAGRAPH_END):
            out[-1] += line if east_asian(out[-1][-1]) or east_asian(line[0]) else " " + line
        else:
            out.append(line)
    return "\n".join(out)
