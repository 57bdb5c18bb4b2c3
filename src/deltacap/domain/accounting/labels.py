"""Names of the calculators' choices and units as officials read them, in English and Chinese.

The input schemas (``schema.py``) name every input in both languages; the values of a
choice (a method, an animal class, a fuel, a capture form ...) and the units are codes,
named here for forms and pages. Every choice and unit of every category has a name here
(tested), so no code reaches a page. ``language`` is "en" or "zh".
"""

from collections.abc import Mapping
from types import MappingProxyType

from deltacap.domain.accounting.pollutants import Pollutant

# value -> (English, Chinese)
CHOICE_NAMES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        # methods
        "coefficient": ("Coefficient method", "系数法"),
        "monitoring": ("Monitoring data", "监测数据法"),
        "efficiency": ("Removal efficiency", "去除效率法"),
        "fuel_switch": ("Switch to clean energy", "清洁能源替代"),
        "elimination": ("Closure or elimination", "淘汰关停"),
        "deep_treatment": ("Deep treatment", "深度治理"),
        "substitution": ("Low-VOCs materials (source substitution)", "源头替代（低VOCs原辅材料）"),
        "capture_treatment": ("Capture and end-of-pipe treatment", "收集与末端治理改造"),
        "reduction_factor": ("Reduction per vehicle", "单车减排系数法"),
        "emission_factor": ("Emission factors", "排放因子法"),
        # livestock
        "pig_finishing": ("Finishing pigs", "育肥猪"),
        "sow": ("Sows", "母猪"),
        "dairy": ("Dairy cows", "奶牛"),
        "beef": ("Beef cattle", "肉牛"),
        "layer": ("Laying hens", "蛋鸡"),
        "broiler": ("Broilers", "肉鸡"),
        "dry_collection_fertiliser": (
            "Dry collection, composted to fertiliser",
            "干清粪、堆肥还田",
        ),
        "full_land_use": ("All manure returned to farmland", "粪污全量还田"),
        "treatment_to_standard": ("Treated to the discharge standard", "处理达标排放"),
        # fuels
        "coal": ("Coal", "煤"),
        "fuel_oil": ("Fuel oil", "燃料油"),
        "natural_gas": ("Natural gas", "天然气"),
        "biomass": ("Biomass", "生物质"),
        "electricity": ("Electricity", "电能"),
        # VOCs capture forms (the coefficient table's rows)
        "double_enclosed": ("Double enclosure", "双层密闭空间"),
        "enclosed_negative_pressure": ("Enclosed space, negative pressure", "密闭空间（负压）"),
        "direct_vent_connection": ("Vents connected directly to the duct", "设备废气排口直连"),
        "enclosed_positive_pressure": ("Enclosed space, positive pressure", "密闭空间（正压）"),
        "enclosing_hood_fast": (
            "Enclosing hood, capture velocity met",
            "包围型集气罩（控制风速达标）",
        ),
        "enclosing_hood_slow": (
            "Enclosing hood, capture velocity not met",
            "包围型集气罩（控制风速不达标）",
        ),
        "external_hood_fast": ("External hood, capture velocity met", "外部集气罩（控制风速达标）"),
        "external_hood_slow": (
            "External hood, capture velocity not met",
            "外部集气罩（控制风速不达标）",
        ),
        # vehicles and machinery
        "mini": ("Mini truck", "微型货车"),
        "light": ("Light truck", "轻型货车"),
        "medium": ("Medium truck", "中型货车"),
        "heavy": ("Heavy truck", "重型货车"),
        "china0": ("Before China I", "国Ⅰ前"),
        "pre_china1": ("Before China I", "国Ⅰ前"),
        "china1": ("China I", "国Ⅰ"),
        "china2": ("China II", "国Ⅱ"),
        "china3": ("China III", "国Ⅲ"),
        "china4": ("China IV", "国Ⅳ"),
        "china5": ("China V", "国Ⅴ"),
        "china6": ("China VI", "国Ⅵ"),
        "electric": ("Electric", "纯电动"),
        "excavator": ("Excavator", "挖掘机"),
        "loader": ("Loader", "装载机"),
        "forklift": ("Forklift", "叉车"),
        "crane": ("Crane", "起重机"),
        "roller": ("Roller", "压路机"),
        "tractor": ("Tractor", "拖拉机"),
        "other": ("Other", "其他"),
        "none": ("None", "无"),
    }
)

# unit -> (English, Chinese); rates are named from their parts (``unit_name``).
UNIT_NAMES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "m3": ("m³", "m³"),
        "m3/h": ("m³/h", "m³/小时"),
        "mg/L": ("mg/L", "mg/L"),
        "mg/m3": ("mg/m³", "mg/m³"),
        "g/L": ("g/L", "g/L"),
        "t": ("t", "吨"),
        "h": ("hours", "小时"),
        "d": ("days", "天"),
        "mu": ("mu", "亩"),
        "%": ("%", "%"),
        "dimensionless": ("%", "%"),
    }
)
_PER = {"d": ("day", "天"), "a": ("year", "年"), "h": ("h", "小时")}


def _index(language: str) -> int:
    return 0 if language.startswith("en") else 1


def choice_name(value: str, language: str) -> str:
    """The name of a choice's value (the value itself when it has none)."""
    names = CHOICE_NAMES.get(value)
    return names[_index(language)] if names else value


def unit_name(unit: str, language: str) -> str:
    """A unit as it is written on a page: m³, mg/m³, m³/天, 吨/年 ..."""
    names = UNIT_NAMES.get(unit)
    if names is not None:
        return names[_index(language)]
    amount, slash, per = unit.partition("/")
    if slash and amount in UNIT_NAMES and per in _PER:
        return f"{unit_name(amount, language)}/{_PER[per][_index(language)]}"
    return unit.replace("m3", "m³")


# Coefficient keys are ``<family>.<what>.<class...>.<pollutant>`` (default_coefficients.py):
# a key is named from its family and the names of its other parts.
COEFFICIENT_FAMILIES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "ule.limit": ("Ultra-low emission limit", "超低排放限值"),
        "ule.reference_o2": ("Reference oxygen content", "基准氧含量"),
        "livestock.cycle_days": ("Rearing cycle", "饲养周期"),
        "livestock.farm_removal_rate": ("Removal rate of the farm", "规模养殖场去除率"),
        "livestock.land_per_pig_equivalent": ("Farmland per pig equivalent", "每猪当量配套土地"),
        "livestock.animals_per_pig_equivalent": ("Animals per pig equivalent", "每猪当量折合头数"),
        "rural.generation": ("Generation per rural resident", "农村居民产污系数"),
        "nonpoint.loss_rate": (
            "Share of applied fertiliser lost to water",
            "化肥养分流失入水系数",
        ),
        "vehicle.annual_mileage.diesel": ("Annual mileage, diesel", "柴油车年均行驶里程"),
        "vocs.capture_efficiency": ("VOCs capture efficiency", "VOCs收集效率"),
    }
)
SECTOR_NAMES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "power": ("coal power", "燃煤电厂"),
        "steel": ("steel", "钢铁"),
        "cement": ("cement", "水泥"),
        "coking": ("coking", "焦化"),
    }
)


def _part_name(part: str, language: str) -> str:
    if part in set(Pollutant):
        pollutant = Pollutant(part)
        return pollutant.label_en if language.startswith("en") else pollutant.label_zh
    names = SECTOR_NAMES.get(part) or CHOICE_NAMES.get(part)
    return names[_index(language)] if names else part


def coefficient_name(key: str, language: str) -> str:
    """A coefficient by its name (ule.limit.cement.nox: 超低排放限值 · 水泥 · 氮氧化物); a key
    of a family without a name is shown as it is."""
    parts = key.split(".")
    for size in range(len(parts), 0, -1):
        names = COEFFICIENT_FAMILIES.get(".".join(parts[:size]))
        if names is not None:
            rest = [_part_name(p, language) for p in parts[size:]]
            return " · ".join([names[_index(language)], *rest])
    return key
