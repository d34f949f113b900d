"""The demo meeting's 述职材料: each reporter's 述职报告 and 自我评价 and the 书记讲话, as a clerk collects them.

The texts are put together from plain sentences of the kind such reports hold, so the 述职材料 screen, the
述职报告汇编 and the filing package show real content. One report runs over 2,500 字 and one
self-evaluation is short, so the checks have something to flag; everything required is present.
"""

from __future__ import annotations

import random

from models.materials.store import prepare, store
from models.meeting import Meeting
from models.setup import list_reporters

#: each section of a report with the sentences it draws on (in a random order, each once)
_SECTIONS = (
    (
        "一、履行抓基层党建工作责任情况",
        (
            "{unit}认真落实党建工作责任制，把抓基层党建作为最根本的政治任务，书记带头履行第一责任人职责，"
            "全年主持召开会议专题研究党建工作{n}次，协调解决具体问题{m}个。",
            "坚持以党的政治建设为统领，扎实开展理论学习，全年组织中心组学习{n}次、专题研讨{m}次，"
            "推动学习成果转化为推动工作的实际成效。",
            "制定年度党建工作要点和责任清单，将任务分解到班子成员和各党支部，"
            "做到年初有部署、年中有督查、年底有考核，层层传导压力、压实责任。",
            "落实班子成员“一岗双责”，建立党建工作联系点制度，班子成员全年到联系点指导工作{n}次，"
            "帮助解决基层党组织建设中的困难和问题。",
            "坚持把党建工作与业务工作同谋划、同部署、同考核，将党建考核结果与评先评优、干部使用挂钩，"
            "党建工作的导向作用进一步增强。",
        ),
    ),
    (
        "二、重点任务推进落实情况",
        (
            "持续推进基层党组织标准化规范化建设，对{n}个党支部逐一对标排查，整顿提升软弱涣散党组织{m}个，"
            "党支部书记队伍结构进一步优化。",
            "严格落实“三会一课”、主题党日、组织生活会和民主评议党员等制度，规范党员发展程序，全年发展党员{n}名，"
            "教育管理党员的针对性和实效性不断增强。",
            "聚焦中心工作，推动党建与业务深度融合，组织党员先锋岗、责任区等活动{n}次，"
            "在急难险重任务中充分发挥了基层党组织战斗堡垒作用和党员先锋模范作用。",
            "加强党员教育培训，依托党员活动室和远程教育平台，全年开展集中培训{n}期，"
            "实现党员教育培训全覆盖，党员队伍整体素质稳步提升。",
            "推进阵地建设和经费保障，落实党建工作经费和党支部书记报酬待遇，"
            "新建改造党群服务阵地{m}处，基层党组织服务能力明显增强。",
        ),
    ),
    (
        "三、存在的主要问题及原因",
        (
            "同时也清醒看到，工作中还存在一些差距和不足：抓党建的系统思维还不够强，"
            "统筹推进党建与业务工作的办法还不够多。",
            "个别党支部组织生活质量不高，存在重形式、轻实效的现象，党员参与的积极性还有待进一步调动。",
            "党建工作创新举措还不够多，品牌特色不够鲜明，在总结推广基层好经验好做法方面还有差距。",
            "究其原因，主要是对新形势下基层党建工作的规律性认识还不够深，"
            "督促检查还不够经常，压力传导还存在层层递减的现象。",
        ),
    ),
    (
        "四、上年度整改承诺落实情况",
        (
            "对照上年度述职评议会上领导点评指出的问题，逐条制定整改措施，明确责任人和完成时限，"
            "目前{n}项问题已整改完成，{m}项正在持续推进。",
            "针对党支部“三会一课”不够规范的问题，开展专项检查{m}次，建立工作台账，"
            "逐月通报落实情况，组织生活规范化水平明显提高。",
            "针对党员教育管理不够精细的问题，完善党员积分管理办法，实行季度评星定级，党员日常管理更加规范。",
        ),
    ),
    (
        "五、下一步工作打算",
        (
            "下一步，我们将坚持问题导向，细化任务清单，落实“书记抓、抓书记”责任链条，确保各项整改措施落地见效。",
            "进一步强化政治引领，持续深化理论武装，教育引导党员干部坚定理想信念、增强“四个意识”。",
            "进一步夯实基层基础，抓好党支部标准化规范化建设，选优配强党支部书记，提升组织力。",
            "进一步推动融合发展，以高质量党建引领保障高质量发展，为全县经济社会发展作出新的更大贡献。",
        ),
    ),
)
#: a long report carries an appendix of figures (the one the check flags as over 2,500 字)
_APPENDIX = (
    "附：主要工作数据",
    "（{k}）全年在{what}方面开展工作{n}次，覆盖党员{m}名，收集意见建议{n}条，已全部办结或作出答复；"
    "相关做法在全县作了交流，形成制度文件{j}项，群众满意度较上年有所提高。",
)
_WHAT = (
    "理论学习",
    "组织生活",
    "党员发展",
    "阵地建设",
    "谈心谈话",
    "志愿服务",
    "联系群众",
    "主题党日",
    "专题调研",
    "督查指导",
    "培训轮训",
    "结对共建",
    "作风建设",
    "廉政教育",
    "阵地管理",
    "信息报送",
)

_SELF_EVAL = (
    "本人作为{unit}党组织书记，能够认真履行抓基层党建第一责任人职责，亲自研究部署、亲自协调推动，"
    "党建各项重点任务落实较好，基层党组织建设质量稳步提升。但对照上级要求，在统筹推进党建与业务融合、"
    "督促指导党支部规范开展组织生活等方面还有差距。今后将进一步提高政治站位，"
    "压实责任、补齐短板，推动基层党建工作全面进步过硬。"
)
_SPEECH = (
    "同志们：今天召开党组织书记抓基层党建工作述职评议会，主要任务是听取各党组织书记履行抓基层党建工作"
    "责任情况的汇报，进行现场点评和测评，进一步压实管党治党政治责任。",
    "从刚才的述职情况看，各党组织书记对抓基层党建工作是重视的，思路是清晰的，措施是有力的，"
    "基层党组织政治功能和组织功能不断增强，党员队伍素质持续提升。",
    "同时也要看到，有的书记抓党建的主责主业意识还不够强，有的党建工作与中心工作结合还不够紧密，"
    "有的对上年度点评问题整改还不够彻底，存在年年述、年年改、年年在的现象。",
    "会后，各党组织要对照今天点评指出的问题，认真制定整改方案，建立问题清单、任务清单和责任清单，"
    "明确整改时限，整改落实情况要在规定时间内报送组织部门。",
    "组织部门要加强跟踪督导，每半年通报一次整改落实情况，对整改不力的要严肃约谈提醒，"
    "推动全面从严治党向基层延伸，以高质量党建引领保障全县经济社会高质量发展。",
)


def _report(name: str, unit: str, rng: random.Random, long: bool) -> str:
    lines = [f"{unit}书记{name}抓基层党建工作述职报告"]
    for heading, sentences in _SECTIONS:
        lines.append(heading)
        for sentence in rng.sample(sentences, len(sentences)):
            lines.append(sentence.format(unit=unit, n=rng.randint(3, 24), m=rng.randint(1, 9)))
    if long:
        lines.append(_APPENDIX[0])
        for k, what in enumerate(_WHAT, start=1):
            lines.append(
                _APPENDIX[1].format(
                    k=_NUMERALS[k], what=what, n=rng.randint(3, 40), m=rng.randint(20, 300), j=rng.randint(1, 5)
                )
            )
    return "\n".join(lines)


_NUMERALS = tuple("〇一二三四五六七八九十") + tuple(f"十{c}" for c in "一二三四五六七八九") + ("二十",)


def add_demo_materials(meeting: Meeting, seed: int) -> None:
    """Attach a report and a self-evaluation for every reporter and the chair's speech, in one transaction."""
    rng = random.Random(seed * 7 + 3)
    reporters = list_reporters(meeting)
    long_one = reporters[len(reporters) // 2].seq if len(reporters) > 1 else None
    items = []
    for r in reporters:
        report = _report(r.name, r.unit, rng, long=r.seq == long_one)
        items.append(prepare(meeting, "report", f"{r.name}-述职报告.txt", report.encode("utf-8"), r.seq))
        evaluation = _SELF_EVAL.format(unit=r.unit)
        if r.seq == reporters[-1].seq and len(reporters) > 2:
            evaluation = evaluation.split("。")[0] + "。"  # one short self-evaluation, as happens
        items.append(prepare(meeting, "self_eval", f"{r.name}-自我评价.txt", evaluation.encode("utf-8"), r.seq))
    speech = "\n".join(["在党组织书记抓基层党建工作述职评议会上的讲话", *_SPEECH])
    items.append(prepare(meeting, "speech", "书记讲话.txt", speech.encode("utf-8")))
    store(meeting, items, "添加述职材料")
