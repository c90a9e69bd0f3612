"""Demo data for the marketplace, drawn from the programme it grows out of.

Since 1995 one enterprise has built 265 Hope primary schools and one Hope middle school across 26
provinces, jointly donated 6 million yuan with the Shandong provincial government to a school in
Bianyuan Town (Feicheng, Tai'an), runs "Better Education+" (healthy water, food and air, smart
classrooms, "Dream Factory" and "Teenage Dreamers" workshops run by local specialty stores), and
supports social-emotional learning for left-behind children in Sanjiang, Nayong and Zhong County.
The seed recreates that world: the schools, the parties around them, their open needs and offers.

It is deterministic (a fixed random seed, data walked in a fixed order, dates derived from
``today``) and idempotent (nothing is written when the demo enterprise already exists). The caller
owns the transaction: this module only adds rows and flushes.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ecosystem.catalogue import Category
from ecosystem.database import utcnow
from ecosystem.lifecycle.record import Transition, record_transitions
from ecosystem.members.models import Invitation
from ecosystem.needs.models import Need, NeedItem, NeedStatus, Urgency
from ecosystem.needs.service import need_facts
from ecosystem.parties.models import (
    Membership,
    Party,
    PartyKind,
    PovertyTier,
    Role,
    SchoolProfile,
    User,
)
from ecosystem.pledges.models import Pledge, PledgeKind, PledgeStatus
from ecosystem.pledges.service import pledge_facts
from ecosystem.regions.service import read_region_file

DEMO_ISSUER = "urn:hope:demo"
SEED = 2026
# The natural key of the whole seed: if this enterprise exists, the demo has been loaded.
ENTERPRISE_NAME = "希望工程合作企业"

# How many schools have open needs; the others have none just now.
SCHOOLS_WITH_NEEDS = 200
NEEDS_PER_SCHOOL = (1, 2, 2, 3)
URGENCY_WEIGHTS = {Urgency.LOW: 2, Urgency.MEDIUM: 4, Urgency.HIGH: 3, Urgency.CRITICAL: 1}
DEADLINE_DAYS = (30, 180)
SERVICE_RADII_KM = (20, 30, 40, 50, 60, 80)
MONEY_UNIT = "FEN"
# Money offers are drawn in whole hundreds of yuan, as people actually give.
MONEY_STEP_FEN = 10_000


class _Province(NamedTuple):
    latitude: float
    longitude: float
    spread: float  # degrees of jitter around the centre
    schools: int  # Hope schools in the province, featured ones included
    poorer: bool  # more of its counties carry a poverty designation


# The 26 provinces of the programme and how its 266 schools spread over them. Coordinates are
# approximate provincial centres; school positions are jittered around them, so they are only
# plausible, not surveyed.
PROVINCES: dict[str, _Province] = {
    "13": _Province(38.5, 115.5, 1.5, 12, False),  # 河北
    "14": _Province(37.6, 112.3, 1.2, 10, True),  # 山西
    "15": _Province(41.8, 111.7, 2.0, 8, True),  # 内蒙古
    "21": _Province(41.3, 123.0, 1.2, 8, False),  # 辽宁
    "22": _Province(43.6, 126.0, 1.2, 7, False),  # 吉林
    "23": _Province(46.5, 127.5, 1.5, 8, False),  # 黑龙江
    "34": _Province(31.8, 117.2, 1.2, 12, False),  # 安徽
    "35": _Province(26.1, 118.3, 1.0, 7, False),  # 福建
    "36": _Province(27.6, 115.7, 1.2, 12, True),  # 江西
    "37": _Province(36.3, 118.0, 1.2, 28, False),  # 山东
    "41": _Province(33.9, 113.5, 1.2, 13, True),  # 河南
    "42": _Province(30.9, 112.3, 1.2, 11, False),  # 湖北
    "43": _Province(27.6, 111.7, 1.2, 12, True),  # 湖南
    "44": _Province(23.3, 113.5, 1.0, 6, False),  # 广东
    "45": _Province(23.8, 108.8, 1.2, 12, True),  # 广西
    "46": _Province(19.2, 109.7, 0.5, 5, False),  # 海南
    "50": _Province(29.9, 107.5, 0.7, 8, True),  # 重庆
    "51": _Province(30.6, 104.0, 1.5, 14, True),  # 四川
    "52": _Province(26.8, 106.7, 1.0, 14, True),  # 贵州
    "53": _Province(25.0, 101.7, 1.5, 14, True),  # 云南
    "54": _Province(29.6, 91.1, 1.0, 4, True),  # 西藏
    "61": _Province(34.3, 108.9, 1.2, 11, False),  # 陕西
    "62": _Province(35.6, 104.6, 1.5, 12, True),  # 甘肃
    "63": _Province(36.6, 101.8, 1.0, 5, True),  # 青海
    "64": _Province(37.3, 106.2, 0.6, 5, True),  # 宁夏
    "65": _Province(43.8, 87.6, 2.0, 8, True),  # 新疆
}
# Weights for NONE, PROVINCIAL and NATIONAL poverty tiers.
POVERTY_WEIGHTS = {True: (2, 3, 5), False: (5, 3, 2)}
# Rural county-level units; urban districts (区) rarely host Hope schools.
RURAL_SUFFIXES = ("县", "旗", "市")


@dataclass(frozen=True)
class _ItemTemplate:
    description: str
    unit: str
    unit_value_fen: int
    quantity: tuple[int, int]  # drawn from this range, or the clamp for per-student items
    per_student: float | None = None  # quantity follows the school's size


@dataclass(frozen=True)
class _NeedTemplate:
    category: Category
    title: str
    story: str  # may mention {students} and {left_behind}
    items: tuple[_ItemTemplate, ...]


WATER = _NeedTemplate(
    Category.DRINKING_WATER,
    "健康饮水：直饮净水设备",
    "学校{students}名学生课间饮水靠烧开水，水源未经深度净化。希望安装直饮净水设备，"
    "让孩子们喝上安全放心的水。",
    (
        _ItemTemplate("商用直饮净水机（含安装）", "台", 350_000, (1, 6), 1 / 150),
        _ItemTemplate("净水滤芯年度更换套装", "套", 48_000, (1, 6), 1 / 150),
        _ItemTemplate("水质检测", "次", 60_000, (1, 2)),
    ),
)
WATER_POINTS = _NeedTemplate(
    Category.DRINKING_WATER,
    "教学楼饮水点改造",
    "教学楼每层都没有饮水点，学生要跑到食堂接水。希望改造饮水点并配备保温饮水桶。",
    (
        _ItemTemplate("304不锈钢保温饮水桶", "个", 60_000, (4, 20), 1 / 40),
        _ItemTemplate("饮水点管路改造", "次", 300_000, (1, 1)),
    ),
)
LUNCH = _NeedTemplate(
    Category.NUTRITION,
    "营养午餐：学生营养加餐",
    "学校有{students}名学生，其中不少是寄宿生和留守儿童，午餐以米饭和素菜为主。"
    "希望为孩子们补充牛奶、鸡蛋和水果。",
    (
        _ItemTemplate("学生营养加餐（牛奶+鸡蛋，每生一学期）", "份", 36_000, (80, 1200), 1.0),
        # What the local cooperatives offer (鲜桃, 柑橘, 菜籽油) has to be named to be matched.
        _ItemTemplate("应季鲜果（鲜桃、柑橘等，5公斤装）", "箱", 6_000, (10, 60), 1 / 20),
        _ItemTemplate("食堂食用油（菜籽油，5升装）", "桶", 7_500, (4, 20), 1 / 50),
    ),
)
KITCHEN = _NeedTemplate(
    Category.NUTRITION,
    "食堂厨房设备更新",
    "食堂灶具老化，蒸饭柜经常故障，学生不能按时吃上热饭。希望更新厨房设备。",
    (
        _ItemTemplate("商用蒸饭柜", "台", 380_000, (1, 3)),
        _ItemTemplate("餐具消毒柜", "台", 450_000, (1, 2)),
        _ItemTemplate("冷藏冷冻柜", "台", 260_000, (1, 2)),
    ),
)
FRESH_AIR = _NeedTemplate(
    Category.AIR_QUALITY,
    "健康空气：教室新风系统",
    "冬季教室门窗紧闭，二氧化碳浓度偏高，学生上课容易犯困。希望为教室安装新风系统，"
    "并配备空气质量监测仪。",
    (
        _ItemTemplate("教室新风系统（含安装）", "套", 1_200_000, (3, 18), 1 / 45),
        _ItemTemplate("空气质量监测仪", "台", 80_000, (3, 18), 1 / 45),
    ),
)
PURIFIERS = _NeedTemplate(
    Category.AIR_QUALITY,
    "教室空气净化器",
    "学校临近公路，春季还有沙尘，教室空气质量差。希望为每间教室配置空气净化器。",
    (_ItemTemplate("空气净化器", "台", 250_000, (4, 30), 1 / 40),),
)
SMART_CLASSROOM = _NeedTemplate(
    Category.SMART_CLASSROOM,
    "智慧教室：一整套+一方案+一平台+AR图书馆",
    "学校还在用黑板和旧投影仪，缺少数字化教学资源。希望按“一整套设备、一套应用方案、"
    "一个教学平台、一座AR图书馆”建设智慧教室。",
    (
        _ItemTemplate("智慧教室整套设备（交互大屏、录播、学生终端）", "套", 6_500_000, (1, 2)),
        _ItemTemplate("智慧教学应用方案设计与实施", "次", 1_500_000, (1, 1)),
        _ItemTemplate("智慧教育平台年度服务", "年", 600_000, (1, 3)),
        _ItemTemplate("AR图书馆资源包", "套", 800_000, (1, 2)),
    ),
)
WHITEBOARDS = _NeedTemplate(
    Category.SMART_CLASSROOM,
    "交互式电子白板",
    "部分班级仍在使用老旧投影仪，画面模糊，后排学生看不清。希望更换交互式电子白板。",
    (_ItemTemplate("交互式电子白板", "台", 1_200_000, (2, 12), 1 / 45),),
)
BOOKS = _NeedTemplate(
    Category.LIBRARY,
    "图书角与课外读物",
    "学校图书室藏书少且陈旧，{students}名学生人均不足5册。希望补充适合孩子们阅读的课外读物和书架。",
    (
        _ItemTemplate("儿童课外读物", "册", 2_500, (300, 3000), 3.0),
        _ItemTemplate("书架", "个", 60_000, (4, 20), 1 / 60),
    ),
)
SPORTS = _NeedTemplate(
    Category.SPORTS_ARTS,
    "体育器材补充",
    "体育课只有几个旧篮球，课间活动单调。希望补充体育器材，让孩子们动起来。",
    (
        _ItemTemplate("篮球", "个", 15_000, (10, 40)),
        _ItemTemplate("跳绳", "根", 1_500, (50, 400), 1 / 2),
        _ItemTemplate("乒乓球台", "台", 220_000, (2, 6)),
    ),
)
ARTS = _NeedTemplate(
    Category.SPORTS_ARTS,
    "音乐美术教室器材",
    "学校没有专门的音乐美术教室，艺术课常被挤占。希望添置乐器和画材，开齐开足艺术课。",
    (
        _ItemTemplate("电子琴", "台", 120_000, (4, 20)),
        _ItemTemplate("美术画材套装", "套", 8_000, (40, 400), 1 / 2),
    ),
)
DREAM_FACTORY = _NeedTemplate(
    Category.STEM_WORKSHOP,
    "梦想工坊：动手创造实验室",
    "孩子们对科学充满好奇，但学校缺少动手实践的场地和材料。希望建设“梦想工坊”，"
    "由当地专卖店的导师定期来校带课。",
    (
        _ItemTemplate("梦想工坊创客套件", "套", 150_000, (10, 30)),
        _ItemTemplate("3D打印机", "台", 350_000, (1, 2)),
        _ItemTemplate("工坊导师带课", "课时", 30_000, (20, 60)),
    ),
)
TEENAGE_DREAMERS = _NeedTemplate(
    Category.STEM_WORKSHOP,
    "少年追梦者：职业体验工作坊",
    "乡村孩子很少接触外面的职业世界。希望开展“少年追梦者”工作坊，让孩子们了解不同的职业，"
    "大胆说出自己的梦想。",
    (
        _ItemTemplate("少年追梦者工作坊", "次", 200_000, (2, 8)),
        _ItemTemplate("工作坊材料包", "份", 3_000, (30, 400), 1 / 3),
    ),
)
TEACHER_TRAINING = _NeedTemplate(
    Category.TEACHER_TRAINING,
    "乡村教师培训",
    "学校教师平均年龄偏大，新课标和信息化教学的培训机会少。希望为老师们提供线上课程和外出研修。",
    (
        _ItemTemplate("教师线上培训课程", "课时", 20_000, (40, 200)),
        _ItemTemplate("骨干教师外出研修", "人次", 300_000, (2, 8)),
    ),
)
SOCIAL_EMOTIONAL = _NeedTemplate(
    Category.PSYCHOSOCIAL,
    "留守儿童社会情感学习",
    "学校{students}名学生中有{left_behind}名留守儿童，父母常年在外务工。希望开设社会情感学习课程，"
    "帮助孩子认识情绪、学会与人相处、建立自信。",
    (
        _ItemTemplate("社会情感学习课程", "课时", 25_000, (40, 120)),
        _ItemTemplate("心理辅导室设备", "套", 1_800_000, (1, 1)),
        _ItemTemplate("班主任社会情感学习培训", "人次", 150_000, (4, 20)),
    ),
)
FAMILY_CALLS = _NeedTemplate(
    Category.PSYCHOSOCIAL,
    "亲情视频通话室",
    "{left_behind}名留守儿童想念在外务工的父母。希望建设亲情视频通话室，让孩子每周能和家人见面。",
    (
        _ItemTemplate("亲情视频通话终端", "台", 300_000, (2, 6)),
        _ItemTemplate("隔音通话间改造", "间", 500_000, (1, 3)),
    ),
)
DESKS = _NeedTemplate(
    Category.FACILITIES,
    "学生课桌椅更换",
    "课桌椅使用十多年，桌面开裂、高度不合适。希望为学生更换可调节高度的课桌椅。",
    (_ItemTemplate("可调节学生课桌椅", "套", 45_000, (20, 600), 1 / 2),),
)
LIGHTING = _NeedTemplate(
    Category.FACILITIES,
    "教室照明与电路改造",
    "教室灯光昏暗，线路老化存在安全隐患。希望更换护眼灯并改造电路。",
    (
        _ItemTemplate("教室护眼灯", "盏", 30_000, (24, 120), 1 / 8),
        _ItemTemplate("教室电路改造", "间", 250_000, (4, 12), 1 / 45),
    ),
)
ROOF = _NeedTemplate(
    Category.FACILITIES,
    "校舍维修：屋顶防水",
    "教学楼屋顶漏水，雨季部分教室无法使用。希望尽快完成防水维修。",
    (_ItemTemplate("屋顶防水维修", "平方米", 8_000, (200, 1200)),),
)
UNIFORMS = _NeedTemplate(
    Category.OTHER,
    "学生校服",
    "不少学生没有合身的校服和冬装。希望为全校{students}名学生添置校服。",
    (_ItemTemplate("学生校服（春秋装）", "套", 12_000, (80, 1200), 1.0),),
)
SCHOOL_BAGS = _NeedTemplate(
    Category.OTHER,
    "爱心书包文具",
    "新学期开学，希望为家庭困难的学生准备书包和文具。",
    (_ItemTemplate("书包文具套装", "份", 6_000, (20, 400), 1 / 3),),
)
NEED_TEMPLATES: tuple[_NeedTemplate, ...] = (
    WATER,
    WATER_POINTS,
    LUNCH,
    KITCHEN,
    FRESH_AIR,
    PURIFIERS,
    SMART_CLASSROOM,
    WHITEBOARDS,
    BOOKS,
    SPORTS,
    ARTS,
    DREAM_FACTORY,
    TEENAGE_DREAMERS,
    TEACHER_TRAINING,
    SOCIAL_EMOTIONAL,
    FAMILY_CALLS,
    DESKS,
    LIGHTING,
    ROOF,
    UNIFORMS,
    SCHOOL_BAGS,
)


@dataclass(frozen=True)
class _FeaturedSchool:
    key: str
    region_code: str
    name: str
    town: str | None
    latitude: float
    longitude: float
    students: int
    left_behind_share: float
    boarding: bool
    poverty_tier: PovertyTier
    needs: tuple[_NeedTemplate, ...]


# The schools the programme's story names. Coordinates are approximate town or county seats.
FEATURED_SCHOOLS: tuple[_FeaturedSchool, ...] = (
    # The school jointly funded by the enterprise and the Shandong provincial government.
    _FeaturedSchool(
        "bianyuan", "370983", "肥城市边院镇希望小学", "边院镇", 36.06, 116.60,
        620, 0.22, False, PovertyTier.NONE, (SMART_CLASSROOM, WATER, DREAM_FACTORY),
    ),
    # The programme's one Hope middle school.
    _FeaturedSchool(
        "yinan", "371321", "沂南县希望中学", None, 35.55, 118.47,
        1150, 0.30, True, PovertyTier.PROVINCIAL, (TEENAGE_DREAMERS, TEACHER_TRAINING),
    ),
    # The three counties of the social-emotional learning work for left-behind children.
    _FeaturedSchool(
        "sanjiang", "450226", "三江侗族自治县希望小学", None, 25.78, 109.61,
        540, 0.68, True, PovertyTier.NATIONAL, (SOCIAL_EMOTIONAL, LUNCH),
    ),
    _FeaturedSchool(
        "nayong", "520525", "纳雍县希望小学", None, 26.78, 105.38,
        760, 0.72, True, PovertyTier.NATIONAL, (SOCIAL_EMOTIONAL, FAMILY_CALLS),
    ),
    _FeaturedSchool(
        "zhong", "500233", "忠县希望小学", None, 30.30, 108.04,
        480, 0.61, True, PovertyTier.PROVINCIAL, (SOCIAL_EMOTIONAL, BOOKS),
    ),
)  # fmt: skip
SCHOOL_NAME_STEMS = ("", "", "", "向阳", "育才", "明德", "光明", "红星")


@dataclass(frozen=True)
class _Offer:
    kind: PledgeKind
    title: str
    description: str
    quantity: tuple[int, int]  # drawn from this range; fen for MONEY and CO_FUNDING
    unit: str = MONEY_UNIT
    unit_value_fen: int = 1
    category: Category | None = None
    item_name: str | None = None
    service_radius_km: float | None = None  # None: the party's own radius
    restrict_region_codes: tuple[str, ...] = ()
    restrict_categories: tuple[Category, ...] = ()
    per_school_cap: int | None = None
    co_funding_ratio_percent: int | None = None
    co_funding_party_kinds: tuple[PartyKind, ...] = ()


class _KeyParty(NamedTuple):
    key: str
    kind: PartyKind
    name: str
    region_code: str
    latitude: float
    longitude: float
    verified: bool


# Coordinates are approximate city or county seats.
KEY_PARTIES: tuple[_KeyParty, ...] = (
    _KeyParty("enterprise", PartyKind.ENTERPRISE, ENTERPRISE_NAME, "3701", 36.65, 117.12, True),
    _KeyParty("shandong", PartyKind.GOVERNMENT, "山东省人民政府", "37", 36.67, 117.02, True),
    _KeyParty("taian", PartyKind.GOVERNMENT, "泰安市人民政府", "3709", 36.20, 117.09, True),
    _KeyParty("feicheng", PartyKind.GOVERNMENT, "肥城市人民政府", "370983", 36.18, 116.77, True),
    _KeyParty(
        "sanjiang-gov",
        PartyKind.GOVERNMENT,
        "三江侗族自治县人民政府",
        "450226",
        25.78,
        109.61,
        True,
    ),
    _KeyParty("nayong-gov", PartyKind.GOVERNMENT, "纳雍县人民政府", "520525", 26.78, 105.38, True),
    _KeyParty("zhong-gov", PartyKind.GOVERNMENT, "忠县人民政府", "500233", 30.30, 108.04, True),
    _KeyParty("media", PartyKind.MEDIA, "乡村教育观察融媒体", "3701", 36.66, 117.00, False),
    _KeyParty("ngo", PartyKind.NGO, "儿童关爱公益基金会", "500103", 29.56, 106.57, False),
    _KeyParty("platform", PartyKind.NGO, "希望生态平台运营方", "11", 39.90, 116.41, False),
    _KeyParty("customer:wang", PartyKind.CUSTOMER, "爱心顾客 王女士", "3709", 36.20, 117.09, False),
    _KeyParty("customer:li", PartyKind.CUSTOMER, "爱心顾客 李先生", "3702", 36.07, 120.38, False),
    _KeyParty(
        "customer:zhang", PartyKind.CUSTOMER, "爱心顾客 张女士", "4403", 22.54, 114.06, False
    ),
    _KeyParty("customer:liu", PartyKind.CUSTOMER, "爱心顾客 刘先生", "5101", 30.66, 104.07, False),
    _KeyParty("customer:chen", PartyKind.CUSTOMER, "爱心顾客 陈女士", "3201", 32.06, 118.80, False),
)

DONATION = _Offer(
    PledgeKind.MONEY, "爱心捐款", "用于学校最急需的物资，由平台按需分配。", (20_000, 500_000)
)
CHILDREN_BOOKS = _Offer(
    PledgeKind.GOODS,
    "捐赠儿童课外读物",
    "全新正版儿童读物，适合小学各年级。",
    (50, 300),
    unit="册",
    unit_value_fen=2_500,
    category=Category.LIBRARY,
    item_name="儿童课外读物",
)
READING_VOLUNTEER = _Offer(
    PledgeKind.VOLUNTEER,
    "周末阅读陪伴志愿者",
    "周末到校给孩子们讲故事、带读书会。",
    (20, 80),
    unit="HOUR",
    unit_value_fen=0,
    category=Category.LIBRARY,
    service_radius_km=50,
)
SMALL_BUSINESS_GIFT = _Offer(
    PledgeKind.MONEY,
    "小微企业爱心捐款",
    "从每月经营收入中拿出一部分，支持身边的希望小学。",
    (50_000, 500_000),
)
DREAM_FACTORY_CLASSES = _Offer(
    PledgeKind.SERVICE,
    "梦想工坊：创客体验课",
    "门店导师到校带课，每次两课时，材料由门店提供。",
    (20, 60),
    unit="SESSION",
    unit_value_fen=30_000,
    category=Category.STEM_WORKSHOP,
)
TEENAGE_DREAMERS_WORKSHOPS = _Offer(
    PledgeKind.SERVICE,
    "少年追梦者工作坊",
    "门店组织职业体验工作坊，带孩子们认识职业、讲出梦想。",
    (6, 20),
    unit="SESSION",
    unit_value_fen=200_000,
    category=Category.STEM_WORKSHOP,
)
INSTALLATION_VOLUNTEERS = _Offer(
    PledgeKind.VOLUNTEER,
    "净水与新风设备安装维护志愿服务",
    "门店售后工程师利用休息时间为学校安装、保养净水和新风设备。",
    (40, 120),
    unit="HOUR",
    unit_value_fen=0,
    category=Category.DRINKING_WATER,
)
STORE_OFFERS = (DREAM_FACTORY_CLASSES, TEENAGE_DREAMERS_WORKSHOPS, INSTALLATION_VOLUNTEERS)

# Offers of the key parties, by party key.
KEY_PARTY_OFFERS: dict[str, tuple[_Offer, ...]] = {
    "enterprise": (
        _Offer(
            PledgeKind.MONEY,
            "省企联合捐建边院镇希望小学（企业出资300万元）",
            "与山东省人民政府联合捐建肥城市边院镇希望小学，共600万元，企业出资其中的300万元。",
            (300_000_000, 300_000_000),
            restrict_region_codes=("370983",),
        ),
        _Offer(
            PledgeKind.CO_FUNDING,
            "爱心顾客配捐：顾客捐一元，企业配一元",
            "顾客每向希望学校捐赠一元，企业配捐一元，配捐总额以50万元为限。",
            (50_000_000, 50_000_000),
            co_funding_ratio_percent=100,
            co_funding_party_kinds=(PartyKind.CUSTOMER,),
        ),
        _Offer(
            PledgeKind.MONEY,
            "健康饮水专项基金",
            "Better Education+ 健康饮水：为希望学校配备直饮净水设备。",
            (20_000_000, 20_000_000),
            restrict_categories=(Category.DRINKING_WATER,),
        ),
        _Offer(
            PledgeKind.MONEY,
            "营养午餐专项基金",
            "Better Education+ 健康食品：为学生提供营养加餐。",
            (30_000_000, 30_000_000),
            restrict_categories=(Category.NUTRITION,),
        ),
        _Offer(
            PledgeKind.GOODS,
            "捐赠商用直饮净水机",
            "含安装和首年滤芯，由当地专卖店负责售后。",
            (200, 200),
            unit="台",
            unit_value_fen=350_000,
            category=Category.DRINKING_WATER,
            item_name="商用直饮净水机（含安装）",
        ),
        _Offer(
            PledgeKind.GOODS,
            "捐赠教室空气净化器",
            "Better Education+ 健康空气。",
            (300, 300),
            unit="台",
            unit_value_fen=250_000,
            category=Category.AIR_QUALITY,
            item_name="空气净化器",
        ),
        _Offer(
            PledgeKind.GOODS,
            "智慧教室：一整套+一方案+一平台+AR图书馆",
            "每套含交互大屏、录播和学生终端，配套应用方案、教学平台和AR图书馆资源。",
            (20, 20),
            unit="套",
            unit_value_fen=6_500_000,
            category=Category.SMART_CLASSROOM,
            item_name="智慧教室整套设备（交互大屏、录播、学生终端）",
            per_school_cap=2,
        ),
        _Offer(
            PledgeKind.GOODS,
            "捐赠AR图书馆资源包",
            "可在智慧教室大屏和平板上使用的AR绘本与科普资源。",
            (50, 50),
            unit="套",
            unit_value_fen=800_000,
            category=Category.SMART_CLASSROOM,
            item_name="AR图书馆资源包",
        ),
        _Offer(
            PledgeKind.VOLUNTEER,
            "员工志愿者：智慧教室安装与使用培训",
            "企业员工志愿者到校安装设备，并教老师使用智慧教学平台。",
            (200, 200),
            unit="HOUR",
            unit_value_fen=0,
            category=Category.SMART_CLASSROOM,
            service_radius_km=600,
        ),
        _Offer(
            PledgeKind.SERVICE,
            "智慧教学平台教师培训",
            "线上加线下的教师培训，覆盖全国希望学校。",
            (200, 200),
            unit="SESSION",
            unit_value_fen=50_000,
            category=Category.TEACHER_TRAINING,
            service_radius_km=3_000,
        ),
    ),
    "shandong": (
        _Offer(
            PledgeKind.CO_FUNDING,
            "省企联合捐建边院镇希望小学（省级配套300万元）",
            "山东省人民政府与合作企业联合捐建肥城市边院镇希望小学，共600万元："
            "企业每出资一元，省政府配套一元，配套以300万元为限。",
            (300_000_000, 300_000_000),
            restrict_region_codes=("370983",),
            co_funding_ratio_percent=100,
            co_funding_party_kinds=(PartyKind.ENTERPRISE,),
        ),
        _Offer(
            PledgeKind.CO_FUNDING,
            "山东省乡村学校社会捐赠配套",
            "社会力量向省内乡村学校捐赠，省级财政按五成配套，以100万元为限。",
            (100_000_000, 100_000_000),
            restrict_region_codes=("37",),
            co_funding_ratio_percent=50,
            co_funding_party_kinds=(
                PartyKind.ENTERPRISE,
                PartyKind.CUSTOMER,
                PartyKind.MICROENTERPRISE,
                PartyKind.SPECIALTY_STORE,
            ),
        ),
    ),
    "taian": (
        _Offer(
            PledgeKind.CO_FUNDING,
            "泰安市爱心捐赠一比一配套",
            "本地顾客、小微企业和专卖店向泰安市学校捐赠，市财政一比一配套，以20万元为限。",
            (20_000_000, 20_000_000),
            restrict_region_codes=("3709",),
            co_funding_ratio_percent=100,
            co_funding_party_kinds=(
                PartyKind.CUSTOMER,
                PartyKind.MICROENTERPRISE,
                PartyKind.SPECIALTY_STORE,
            ),
        ),
        _Offer(
            PledgeKind.MONEY,
            "泰安市学生营养改善补助",
            "用于泰安市乡村学校的学生营养加餐。",
            (10_000_000, 10_000_000),
            restrict_region_codes=("3709",),
            restrict_categories=(Category.NUTRITION,),
        ),
    ),
    "media": (
        _Offer(
            PledgeKind.MEDIA,
            "乡村学校故事专题报道",
            "记者到校采访，讲述捐赠到校后的变化。",
            (24, 24),
            unit="STORY",
            unit_value_fen=0,
        ),
        _Offer(
            PledgeKind.MEDIA,
            "短视频：少年追梦者",
            "记录工作坊里孩子们讲出的梦想。",
            (12, 12),
            unit="STORY",
            unit_value_fen=0,
            restrict_categories=(Category.STEM_WORKSHOP,),
        ),
        _Offer(
            PledgeKind.MEDIA,
            "受赠学校致谢直播",
            "与学校连线，直播物资到校和孩子们的感谢。",
            (6, 6),
            unit="STORY",
            unit_value_fen=0,
        ),
    ),
    "ngo": (
        _Offer(
            PledgeKind.SERVICE,
            "留守儿童社会情感学习课程",
            "经过培训的项目老师到校授课，帮助留守儿童认识情绪、学会交往。",
            (300, 300),
            unit="SESSION",
            unit_value_fen=25_000,
            category=Category.PSYCHOSOCIAL,
            service_radius_km=600,
            restrict_region_codes=("450226", "500233", "520525"),
        ),
        _Offer(
            PledgeKind.SERVICE,
            "班主任社会情感学习培训",
            "面向乡村班主任的社会情感学习工作坊。",
            (60, 60),
            unit="SESSION",
            unit_value_fen=150_000,
            category=Category.TEACHER_TRAINING,
            service_radius_km=600,
        ),
        _Offer(
            PledgeKind.MONEY,
            "留守儿童关爱专项",
            "用于心理辅导室和亲情通话室建设。",
            (5_000_000, 5_000_000),
            restrict_categories=(Category.PSYCHOSOCIAL,),
        ),
        _Offer(
            PledgeKind.VOLUNTEER,
            "心理志愿者陪伴",
            "持证心理志愿者定期到校陪伴留守儿童。",
            (800, 800),
            unit="HOUR",
            unit_value_fen=0,
            category=Category.PSYCHOSOCIAL,
            service_radius_km=400,
        ),
    ),
    "customer:wang": (DONATION, READING_VOLUNTEER),
    "customer:li": (DONATION, CHILDREN_BOOKS),
    "customer:zhang": (DONATION, CHILDREN_BOOKS),
    "customer:liu": (DONATION, READING_VOLUNTEER),
    "customer:chen": (DONATION, CHILDREN_BOOKS),
}


class _LocalPartner(NamedTuple):
    key: str
    kind: PartyKind
    host: str | None  # the featured school it sits beside; None: a sampled Hope school
    suffix: str  # appended to the host county's name
    offers: tuple[_Offer, ...]


def _local_goods(title: str, item: str, unit: str, value_fen: int, category: Category) -> _Offer:
    return _Offer(
        PledgeKind.GOODS,
        title,
        "本地出产，就近送到学校。",
        (100, 300),
        unit=unit,
        unit_value_fen=value_fen,
        category=category,
        item_name=item,
    )


def _local_service(kind: PledgeKind, title: str, description: str, category: Category) -> _Offer:
    unit, value = ("SESSION", 40_000) if kind is PledgeKind.SERVICE else ("HOUR", 0)
    return _Offer(
        kind, title, description, (20, 60), unit=unit, unit_value_fen=value, category=category
    )


# Microenterprises and the enterprise's local specialty stores: contact points near the schools.
LOCAL_PARTNERS: tuple[_LocalPartner, ...] = (
    _LocalPartner(
        "microenterprise:bianyuan",
        PartyKind.MICROENTERPRISE,
        "bianyuan",
        "边院镇桃农合作社",
        (
            _local_goods("肥城桃进校园", "肥城鲜桃（5公斤装）", "箱", 6_000, Category.NUTRITION),
            SMALL_BUSINESS_GIFT,
        ),
    ),
    _LocalPartner(
        "microenterprise:sanjiang",
        PartyKind.MICROENTERPRISE,
        "sanjiang",
        "侗绣手工坊",
        (
            _local_service(
                PledgeKind.SERVICE, "侗绣非遗体验课", "绣娘到校教孩子们侗绣。", Category.SPORTS_ARTS
            ),
            SMALL_BUSINESS_GIFT,
        ),
    ),
    _LocalPartner(
        "microenterprise:nayong",
        PartyKind.MICROENTERPRISE,
        "nayong",
        "高山茶小微企业",
        (
            _local_service(
                PledgeKind.SERVICE,
                "茶园劳动教育实践课",
                "带孩子们到茶园认识茶、体验劳动。",
                Category.OTHER,
            ),
            SMALL_BUSINESS_GIFT,
        ),
    ),
    _LocalPartner(
        "microenterprise:zhong",
        PartyKind.MICROENTERPRISE,
        "zhong",
        "柑橘种植小微企业",
        (
            _local_goods("忠县柑橘进校园", "新鲜柑橘（5公斤装）", "箱", 5_000, Category.NUTRITION),
            SMALL_BUSINESS_GIFT,
        ),
    ),
    _LocalPartner(
        "microenterprise:ecommerce",
        PartyKind.MICROENTERPRISE,
        None,
        "乡村电商服务站",
        (
            _local_service(
                PledgeKind.VOLUNTEER,
                "校园网络与电脑维护",
                "店里的技术员定期到校维护网络和电脑。",
                Category.SMART_CLASSROOM,
            ),
            SMALL_BUSINESS_GIFT,
        ),
    ),
    _LocalPartner(
        "microenterprise:repair",
        PartyKind.MICROENTERPRISE,
        None,
        "农机维修铺",
        (
            _local_service(
                PledgeKind.VOLUNTEER,
                "校舍水电小修",
                "师傅义务为学校修理门窗、水电。",
                Category.FACILITIES,
            ),
            SMALL_BUSINESS_GIFT,
        ),
    ),
    _LocalPartner(
        "microenterprise:oil",
        PartyKind.MICROENTERPRISE,
        None,
        "粮油加工坊",
        (
            _local_goods("食堂粮油捐赠", "压榨菜籽油（5升装）", "桶", 7_500, Category.NUTRITION),
            SMALL_BUSINESS_GIFT,
        ),
    ),
    _LocalPartner(
        "microenterprise:bamboo",
        PartyKind.MICROENTERPRISE,
        None,
        "竹编手工作坊",
        (
            _local_service(
                PledgeKind.SERVICE, "竹编手工课", "手艺人到校教孩子们竹编。", Category.SPORTS_ARTS
            ),
            SMALL_BUSINESS_GIFT,
        ),
    ),
    _LocalPartner(
        "store:bianyuan", PartyKind.SPECIALTY_STORE, "bianyuan", "合作企业授权专卖店", STORE_OFFERS
    ),
    _LocalPartner(
        "store:sanjiang", PartyKind.SPECIALTY_STORE, "sanjiang", "合作企业授权专卖店", STORE_OFFERS
    ),
    _LocalPartner(
        "store:nayong", PartyKind.SPECIALTY_STORE, "nayong", "合作企业授权专卖店", STORE_OFFERS
    ),
    _LocalPartner(
        "store:zhong", PartyKind.SPECIALTY_STORE, "zhong", "合作企业授权专卖店", STORE_OFFERS
    ),
    _LocalPartner("store:1", PartyKind.SPECIALTY_STORE, None, "合作企业授权专卖店", STORE_OFFERS),
    _LocalPartner("store:2", PartyKind.SPECIALTY_STORE, None, "合作企业授权专卖店", STORE_OFFERS),
    _LocalPartner("store:3", PartyKind.SPECIALTY_STORE, None, "合作企业授权专卖店", STORE_OFFERS),
    _LocalPartner("store:4", PartyKind.SPECIALTY_STORE, None, "合作企业授权专卖店", STORE_OFFERS),
)
# How far from its host school a local partner sits, in degrees (about 9 km at most).
PARTNER_OFFSET_DEGREES = 0.08


class _DemoUser(NamedTuple):
    subject: str
    name: str
    party_key: str
    role: Role


DEMO_USERS: tuple[_DemoUser, ...] = (
    _DemoUser("principal-bianyuan", "边院镇希望小学校长（演示）", "bianyuan", Role.PRINCIPAL),
    _DemoUser(
        "microenterprise-owner",
        "桃农合作社负责人（演示）",
        "microenterprise:bianyuan",
        Role.DONOR_ADMIN,
    ),
    _DemoUser("specialty-store", "肥城专卖店店长（演示）", "store:bianyuan", Role.DONOR_ADMIN),
    _DemoUser("media-editor", "融媒体编辑（演示）", "media", Role.MEDIA_EDITOR),
    _DemoUser("taian-official", "泰安市政府工作人员（演示）", "taian", Role.GOV_OFFICIAL),
    _DemoUser("shandong-official", "山东省政府工作人员（演示）", "shandong", Role.GOV_OFFICIAL),
    _DemoUser("platform-admin", "平台管理员（演示）", "platform", Role.PLATFORM_ADMIN),
    _DemoUser("enterprise-admin", "合作企业公益负责人（演示）", "enterprise", Role.DONOR_ADMIN),
    _DemoUser("ngo-admin", "基金会项目官员（演示）", "ngo", Role.DONOR_ADMIN),
    _DemoUser("customer", "爱心顾客 王女士（演示）", "customer:wang", Role.DONOR_ADMIN),
)
# Rows for parties without a demo member are recorded by the platform on their behalf.
RECORDED_BY = "platform-admin"
# The demo accounts of the embedded identity provider (and of the Keycloak realm in auth/keycloak)
# log in with this password. Their first login activates the invitations the seed leaves for their
# email addresses, through the same path as any invited member.
DEMO_PASSWORD = "hope-demo-2026"
DEMO_INVITATION_LIFETIME = timedelta(days=365)
DEMO_EMAIL_DOMAIN = "demo.hope.example"


class DemoAccount(NamedTuple):
    """A demo login: username, display name and verified email address."""

    username: str
    name: str
    email: str


def demo_accounts() -> tuple[DemoAccount, ...]:
    """Every demo login, one per demo user."""
    return tuple(
        DemoAccount(spec.subject, spec.name, f"{spec.subject}@{DEMO_EMAIL_DOMAIN}")
        for spec in DEMO_USERS
    )


@dataclass(frozen=True)
class SeedReport:
    """What one run of the demo seed created; all zero when the demo was already there."""

    created: bool
    parties: int = 0
    schools: int = 0
    users: int = 0
    memberships: int = 0
    invitations: int = 0
    needs: int = 0
    need_items: int = 0
    pledges: int = 0


@dataclass(frozen=True)
class _SchoolPlan:
    key: str
    party: Party
    county: str
    town: str | None
    students: int
    left_behind: int
    boarding: bool
    poverty_tier: PovertyTier
    needs: tuple[_NeedTemplate, ...] | None  # None: drawn from the rotation


async def seed_demo(session: AsyncSession, *, today: date) -> SeedReport:
    """Load the demo world into the session's transaction, unless it is already there.

    Deterministic for a given ``today``: deadlines and availability run forward from it, and
    every timestamp lies before it. Never commits; the caller's transaction decides.
    """
    already = await session.scalar(
        select(Party.id)  # type: ignore[call-overload]
        .where(Party.kind == PartyKind.ENTERPRISE, Party.name == ENTERPRISE_NAME)
        .limit(1)
    )
    if already is not None:
        return SeedReport(created=False)

    rng = random.Random(SEED)
    # Midnight UTC of the day before ``today``: in the past whatever zone ``today`` was taken in.
    anchor = datetime.combine(today - timedelta(days=1), time(), tzinfo=UTC)
    joined_at = anchor - timedelta(days=90)

    schools = _plan_schools(rng, joined_at)
    parties = {school.key: school.party for school in schools}
    for spec in KEY_PARTIES:
        parties[spec.key] = Party(
            kind=spec.kind,
            name=spec.name,
            region_code=spec.region_code,
            latitude=spec.latitude,
            longitude=spec.longitude,
            verified_at=anchor - timedelta(days=60) if spec.verified else None,
            created_at=joined_at,
        )
    parties.update(_plan_local_partners(rng, schools, joined_at))
    users = {
        spec.subject: User(
            issuer=DEMO_ISSUER,
            subject=spec.subject,
            name=spec.name,
            email=f"{spec.subject}@{DEMO_EMAIL_DOMAIN}",
            created_at=joined_at,
        )
        for spec in DEMO_USERS
    }
    session.add_all([*parties.values(), *users.values()])
    await session.flush()

    profiles = [_profile(school) for school in schools]
    memberships = [
        Membership(
            user_id=_id(users[spec.subject]),
            party_id=_id(parties[spec.party_key]),
            role=spec.role,
            created_at=joined_at,
        )
        for spec in DEMO_USERS
    ]
    invitations = [
        Invitation(
            email=f"{spec.subject}@{DEMO_EMAIL_DOMAIN}",
            party_id=_id(parties[spec.party_key]),
            role=spec.role,
            created_at=joined_at,
            expires_at=datetime.combine(today, time(), tzinfo=UTC) + DEMO_INVITATION_LIFETIME,
        )
        for spec in DEMO_USERS
    ]
    creators = {spec.party_key: users[spec.subject] for spec in DEMO_USERS}
    planned_needs = _plan_needs(
        rng, schools, today=today, anchor=anchor, creators=creators, recorder=users[RECORDED_BY]
    )
    session.add_all([*profiles, *memberships, *invitations, *(need for need, _ in planned_needs)])
    await session.flush()

    items = [
        NeedItem(
            need_id=_id(need),
            position=position,
            description=template.description,
            category=need.category,
            quantity=quantity,
            unit=template.unit,
            unit_value_fen=template.unit_value_fen,
            remaining_quantity=quantity,
        )
        for need, lines in planned_needs
        for position, (template, quantity) in enumerate(lines)
    ]
    pledges = _plan_pledges(
        rng, parties, today=today, anchor=anchor, creators=creators, recorder=users[RECORDED_BY]
    )
    session.add_all([*items, *pledges])
    await session.flush()
    await _record_history(session, [need for need, _ in planned_needs], pledges)

    return SeedReport(
        created=True,
        parties=len(parties),
        schools=len(profiles),
        users=len(users),
        memberships=len(memberships),
        invitations=len(invitations),
        needs=len(planned_needs),
        need_items=len(items),
        pledges=len(pledges),
    )


async def _record_history(session: AsyncSession, needs: list[Need], pledges: list[Pledge]) -> None:
    """The demo's needs and pledges enter the status history (and so the public record) as
    any posted ones do; the seed acts as the system."""
    now = utcnow()
    await record_transitions(
        session,
        [
            Transition(
                entity="need",
                entity_id=_id(need),
                from_status=None,
                to_status=need.status.value,
                actor_user_id=need.created_by_user_id,
                reason=None,
                at=now,
                facts=need_facts(need, None),
            )
            for need in needs
        ]
        + [
            Transition(
                entity="pledge",
                entity_id=_id(pledge),
                from_status=None,
                to_status=pledge.status.value,
                actor_user_id=pledge.created_by_user_id,
                reason=None,
                at=now,
                facts=pledge_facts(pledge, None),
            )
            for pledge in pledges
        ],
    )


def _id(row: Party | User | Need | Pledge) -> int:
    # Rows get their ids from the flush that precedes every use of this helper.
    assert row.id is not None
    return row.id


def _rural_counties() -> dict[str, list[tuple[str, str]]]:
    """(code, name) of each province's rural county-level regions, by province code."""
    counties: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in sorted(read_region_file(), key=lambda row: row["code"]):
        if row["level"] == 3 and row["name"].endswith(RURAL_SUFFIXES):
            counties[row["code"][:2]].append((row["code"], row["name"]))
    return counties


def _plan_schools(rng: random.Random, joined_at: datetime) -> list[_SchoolPlan]:
    """The featured schools, then each province's remaining Hope schools in sampled counties."""
    names = {row["code"]: row["name"] for row in read_region_file()}
    plans = [
        _SchoolPlan(
            key=spec.key,
            party=Party(
                kind=PartyKind.SCHOOL,
                name=spec.name,
                region_code=spec.region_code,
                latitude=spec.latitude,
                longitude=spec.longitude,
                created_at=joined_at,
            ),
            county=names[spec.region_code],
            town=spec.town,
            students=spec.students,
            left_behind=round(spec.students * spec.left_behind_share),
            boarding=spec.boarding,
            poverty_tier=spec.poverty_tier,
            needs=spec.needs,
        )
        for spec in FEATURED_SCHOOLS
    ]
    featured = {spec.region_code for spec in FEATURED_SCHOOLS}
    counties = _rural_counties()
    for code, province in sorted(PROVINCES.items()):
        pool = [county for county in counties[code] if county[0] not in featured]
        wanted = province.schools - sum(1 for c in featured if c.startswith(code))
        for county_code, county_name in sorted(rng.sample(pool, wanted)):
            # Skewed towards small schools, as rural primary schools mostly are.
            students = 80 + round(1120 * rng.random() ** 1.8)
            tier = rng.choices(list(PovertyTier), weights=POVERTY_WEIGHTS[province.poorer])[0]
            party = Party(
                kind=PartyKind.SCHOOL,
                name=f"{county_name}{rng.choice(SCHOOL_NAME_STEMS)}希望小学",
                region_code=county_code,
                latitude=round(province.latitude + rng.uniform(-1, 1) * province.spread, 4),
                longitude=round(province.longitude + rng.uniform(-1, 1) * province.spread, 4),
                created_at=joined_at,
            )
            plans.append(
                _SchoolPlan(
                    key=f"school:{county_code}",
                    party=party,
                    county=county_name,
                    town=None,
                    students=students,
                    left_behind=round(students * rng.uniform(0.05, 0.45)),
                    boarding=rng.random() < 0.35,
                    poverty_tier=tier,
                    needs=None,
                )
            )
    return plans


def _profile(school: _SchoolPlan) -> SchoolProfile:
    return SchoolProfile(
        party_id=_id(school.party),
        town=school.town,
        students=school.students,
        left_behind_children=school.left_behind,
        boarding=school.boarding,
        hope_school=True,
        poverty_tier=school.poverty_tier,
    )


def _plan_local_partners(
    rng: random.Random, schools: list[_SchoolPlan], joined_at: datetime
) -> dict[str, Party]:
    """Microenterprises and specialty stores a few kilometres from the schools they serve."""
    by_key = {school.key: school for school in schools}
    unhosted = [partner for partner in LOCAL_PARTNERS if partner.host is None]
    sampled = iter(rng.sample([s for s in schools if s.needs is None], len(unhosted)))
    partners: dict[str, Party] = {}
    for partner in LOCAL_PARTNERS:
        host = by_key[partner.host] if partner.host is not None else next(sampled)
        assert host.party.latitude is not None and host.party.longitude is not None
        partners[partner.key] = Party(
            kind=partner.kind,
            name=f"{host.county}{partner.suffix}",
            region_code=host.party.region_code,
            latitude=round(host.party.latitude + rng.uniform(-1, 1) * PARTNER_OFFSET_DEGREES, 4),
            longitude=round(host.party.longitude + rng.uniform(-1, 1) * PARTNER_OFFSET_DEGREES, 4),
            service_radius_km=float(rng.choice(SERVICE_RADII_KM)),
            created_at=joined_at,
        )
    return partners


def _recently(rng: random.Random, anchor: datetime) -> datetime:
    """A moment in the six weeks before ``anchor``, to the minute."""
    return anchor - timedelta(minutes=rng.randint(0, 42 * 24 * 60))


def _plan_needs(
    rng: random.Random,
    schools: list[_SchoolPlan],
    *,
    today: date,
    anchor: datetime,
    creators: dict[str, User],
    recorder: User,
) -> list[tuple[Need, list[tuple[_ItemTemplate, int]]]]:
    """Open needs for the featured schools and a sample of the others, with their item lines.

    The other schools take templates in turn from a shuffled rotation, so every template (and
    so every category) is used and no school asks for the same thing twice.
    """
    rotation = list(NEED_TEMPLATES)
    rng.shuffle(rotation)
    featured = [school for school in schools if school.needs is not None]
    others = [school for school in schools if school.needs is None]
    sampled = sorted(rng.sample(range(len(others)), SCHOOLS_WITH_NEEDS - len(featured)))
    cursor = 0
    planned: list[tuple[Need, list[tuple[_ItemTemplate, int]]]] = []
    for school in [*featured, *(others[index] for index in sampled)]:
        if school.needs is not None:
            templates = list(school.needs)
        else:
            count = rng.choice(NEEDS_PER_SCHOOL)
            templates = [rotation[(cursor + n) % len(rotation)] for n in range(count)]
            cursor += count
        for template in templates:
            planned.append(
                _need(
                    rng,
                    school,
                    template,
                    today=today,
                    anchor=anchor,
                    creator=creators.get(school.key, recorder),
                )
            )
    return planned


def _need(
    rng: random.Random,
    school: _SchoolPlan,
    template: _NeedTemplate,
    *,
    today: date,
    anchor: datetime,
    creator: User,
) -> tuple[Need, list[tuple[_ItemTemplate, int]]]:
    lines = [(item, _item_quantity(rng, item, school.students)) for item in template.items]
    urgency = rng.choices(list(URGENCY_WEIGHTS), weights=list(URGENCY_WEIGHTS.values()))[0]
    created_at = _recently(rng, anchor)
    for_left_behind = template.category is Category.PSYCHOSOCIAL
    need = Need(
        school_id=_id(school.party),
        region_code=school.party.region_code,
        title=template.title,
        story=template.story.format(students=school.students, left_behind=school.left_behind),
        category=template.category,
        urgency=urgency,
        urgency_rank=urgency.rank,
        deadline=today + timedelta(days=rng.randint(*DEADLINE_DAYS)),
        beneficiaries=school.left_behind if for_left_behind else school.students,
        status=NeedStatus.OPEN,
        total_value_fen=sum(item.unit_value_fen * quantity for item, quantity in lines),
        created_by_user_id=_id(creator),
        created_at=created_at,
        updated_at=created_at,
        opened_at=created_at,
    )
    return need, lines


def _item_quantity(rng: random.Random, item: _ItemTemplate, students: int) -> int:
    low, high = item.quantity
    if item.per_student is None:
        return rng.randint(low, high)
    return max(low, min(high, round(students * item.per_student)))


def _plan_pledges(
    rng: random.Random,
    parties: dict[str, Party],
    *,
    today: date,
    anchor: datetime,
    creators: dict[str, User],
    recorder: User,
) -> list[Pledge]:
    """Every offer of the key parties and local partners, as an active pledge."""
    offers = [
        *KEY_PARTY_OFFERS.items(),
        *((partner.key, partner.offers) for partner in LOCAL_PARTNERS),
    ]
    return [
        _pledge(
            rng,
            parties[key],
            offer,
            today=today,
            anchor=anchor,
            creator=creators.get(key, recorder),
        )
        for key, party_offers in offers
        for offer in party_offers
    ]


def _pledge(
    rng: random.Random,
    party: Party,
    offer: _Offer,
    *,
    today: date,
    anchor: datetime,
    creator: User,
) -> Pledge:
    low, high = offer.quantity
    if offer.unit == MONEY_UNIT and low != high:
        quantity = rng.randint(low // MONEY_STEP_FEN, high // MONEY_STEP_FEN) * MONEY_STEP_FEN
    else:
        quantity = rng.randint(low, high)
    is_service = offer.kind in (PledgeKind.SERVICE, PledgeKind.VOLUNTEER)
    radius = offer.service_radius_km or party.service_radius_km
    created_at = _recently(rng, anchor)
    return Pledge(
        party_id=_id(party),
        region_code=party.region_code,
        kind=offer.kind,
        status=PledgeStatus.ACTIVE,
        title=offer.title,
        description=offer.description,
        category=offer.category,
        item_name=offer.item_name,
        quantity=quantity,
        remaining_quantity=quantity,
        unit=offer.unit,
        unit_value_fen=offer.unit_value_fen,
        total_value_fen=quantity * offer.unit_value_fen,
        service_radius_km=radius if is_service else None,
        available_from=today if is_service else None,
        available_until=today + timedelta(days=180) if is_service else None,
        valid_until=today + timedelta(days=365),
        per_school_cap=offer.per_school_cap,
        restrict_region_codes=sorted(offer.restrict_region_codes),
        restrict_categories=[category.value for category in offer.restrict_categories],
        co_funding_ratio_percent=offer.co_funding_ratio_percent,
        co_funding_party_kinds=[kind.value for kind in offer.co_funding_party_kinds],
        created_by_user_id=_id(creator),
        created_at=created_at,
        updated_at=created_at,
    )
