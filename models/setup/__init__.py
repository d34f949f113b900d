"""Meeting preparation (准备): facts, roster, evaluator categories, items, rules, score components,
and the setup workbook (准备表).

Every public ``set_``/``add_``/``update_``/``delete_``/``move_`` function is one audited
transaction and refuses with a Chinese message that names the field at fault.  Builds on
``models.meeting`` only.  The parts live in ``facts``, ``roster``, ``categories``, ``rules`` and
``numbers``; every name other layers use is re-exported here (``from models import setup``).
The workbook (``models.setup.workbook``) is imported by name, so openpyxl loads only when needed.
"""

from models.setup.categories import (
    Category,
    Item,
    add_category,
    add_item,
    category_faults,
    delete_category,
    delete_item,
    list_categories,
    list_items,
    overall_item,
    rename_item,
    update_category,
)
from models.setup.facts import (
    FACT_LABELS,
    MeetingFacts,
    facts_faults,
    get_facts,
    set_facts,
)
from models.setup.numbers import (  # noqa: F401
    _dec_text,
    to_decimal,
)
from models.setup.roster import (
    Reporter,
    add_reporter,
    delete_reporter,
    forms_printed,
    get_reporter,
    list_reporters,
    move_reporter,
    reporter_by_seq,
    update_reporter,
)
from models.setup.rules import (
    ONSITE_COMPONENT,
    RULE_LABELS,
    Component,
    Rules,
    component_scores,
    components_faults,
    get_rules,
    list_components,
    rules_faults,
    set_component_score,
    set_components,
    set_rules,
)

__all__ = [
    "FACT_LABELS",
    "ONSITE_COMPONENT",
    "RULE_LABELS",
    "MeetingFacts",
    "Reporter",
    "Category",
    "Item",
    "Component",
    "Rules",
    "to_decimal",
    "get_facts",
    "facts_faults",
    "set_facts",
    "list_reporters",
    "get_reporter",
    "reporter_by_seq",
    "forms_printed",
    "add_reporter",
    "update_reporter",
    "delete_reporter",
    "move_reporter",
    "list_categories",
    "category_faults",
    "add_category",
    "update_category",
    "delete_category",
    "list_items",
    "overall_item",
    "add_item",
    "rename_item",
    "delete_item",
    "get_rules",
    "rules_faults",
    "set_rules",
    "list_components",
    "components_faults",
    "set_components",
    "component_scores",
    "set_component_score",
]
