"""述职材料: each reporter's 述职报告 and 自我评价, and the meeting's 书记讲话 and 会议点评.

* attach a file — ``attach_file(meeting, kind, path, seq)``: .docx (python-docx), .txt (UTF-8 or
  GB18030, also UTF-16 with a BOM), .pdf with a text layer (pypdfium2).  The original bytes, their
  SHA-256 and the extracted text are kept in the meeting file; replacing or removing keeps the old
  file's name, SHA-256 and 字数 in the audit chain.  A file that is not what it claims (a renamed zip,
  an encrypted or damaged .docx, a scanned PDF without text) is refused in Chinese, nothing stored.
* attach a folder — ``attach_folder(meeting, folder)``: files named by reporter
  (``张三-述职报告.docx``, ``张三-自我评价.docx``, ``书记讲话.docx``) are matched; the rest are listed
  with the reason (``match_folder``), never guessed.
* type the meeting's 点评 — ``set_remarks_text``.
* check — ``materials_status``: 字数 as Word counts it (``wordcount.word_count``, the rule is in that
  module), a report over 2,500 字 and a self-evaluation outside 100–200 字 flagged, missing ones listed.
* bind and file — ``booklet_data`` (the 述职报告汇编) and ``filing_checklist`` (备案材料清单 with the
  deadline = meeting date + 7 days).

Materials may be attached after 定稿 (filing happens after it) and are not part of the results'
fingerprint.  Builds on ``models.meeting`` and ``models.setup`` only.
"""

from models.materials.booklet import BookletData, BookletPart, booklet_data
from models.materials.extract import SUFFIXES, extract
from models.materials.filing_list import FilingChecklist, filing_checklist, filing_deadline
from models.materials.folder import FolderResult, Match, attach_files, attach_folder, match_folder
from models.materials.status import MeetingMaterials, ReporterMaterials, materials_status
from models.materials.store import (
    KIND_LABELS,
    MEETING_KINDS,
    REPORTER_KINDS,
    Attached,
    Material,
    attach_file,
    get_material,
    list_materials,
    material_content,
    remove_material,
    set_remarks_text,
)
from models.materials.wordcount import REPORT_LIMIT, SELF_EVAL_RANGE, word_count

__all__ = [
    "KIND_LABELS",
    "MEETING_KINDS",
    "REPORTER_KINDS",
    "REPORT_LIMIT",
    "SELF_EVAL_RANGE",
    "SUFFIXES",
    "Attached",
    "BookletData",
    "BookletPart",
    "FilingChecklist",
    "FolderResult",
    "Match",
    "Material",
    "MeetingMaterials",
    "ReporterMaterials",
    "attach_file",
    "attach_files",
    "attach_folder",
    "booklet_data",
    "extract",
    "filing_checklist",
    "filing_deadline",
    "get_material",
    "list_materials",
    "match_folder",
    "material_content",
    "materials_status",
    "remove_material",
    "set_remarks_text",
    "word_count",
]
