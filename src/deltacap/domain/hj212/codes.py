"""Code tables of HJ 212-2017 section 6: system (ST), command (CN), return codes, data flags.

The values are the standard's; the English member names are ours. Each enum is a
``StrEnum`` so a member equals and prints as the code sent on the wire, and
``label_zh`` gives the standard's Chinese name. Sources and how far each table
was checked: ``docs/domain/standards.md`` section 4.3.
"""

from __future__ import annotations

from enum import StrEnum


class SystemCode(StrEnum):
    """ST, the system code. Ranges: 10-29 environmental quality, 30-49 pollution sources,
    50-69 working conditions, 91-99 system interaction."""

    SURFACE_WATER_QUALITY = "21"
    AIR_QUALITY = "22"
    ACOUSTIC_QUALITY = "23"
    GROUNDWATER_QUALITY = "24"
    SOIL_QUALITY = "25"
    SEAWATER_QUALITY = "26"
    VOC_MONITORING = "27"
    AIR_POLLUTION_SOURCE = "31"
    SURFACE_WATER_POLLUTION_SOURCE = "32"
    GROUNDWATER_POLLUTION_SOURCE = "33"
    MARINE_POLLUTION_SOURCE = "34"
    SOIL_POLLUTION_SOURCE = "35"
    NOISE_POLLUTION_SOURCE = "36"
    VIBRATION_POLLUTION_SOURCE = "37"
    RADIOACTIVE_POLLUTION_SOURCE = "38"
    CONSTRUCTION_DUST_SOURCE = "39"
    ELECTROMAGNETIC_POLLUTION_SOURCE = "41"
    FLUE_GAS_PROCESS = "51"
    WASTEWATER_PROCESS = "52"
    SYSTEM_INTERACTION = "91"

    @property
    def label_zh(self) -> str:
        """The standard's Chinese name of the system."""
        return _SYSTEM_LABELS[self]


# HJ 212-2017, table 5 (system codes)
_SYSTEM_LABELS: dict[SystemCode, str] = {
    SystemCode.SURFACE_WATER_QUALITY: "地表水质量监测",
    SystemCode.AIR_QUALITY: "空气质量监测",
    SystemCode.ACOUSTIC_QUALITY: "声环境质量监测",
    SystemCode.GROUNDWATER_QUALITY: "地下水质量监测",
    SystemCode.SOIL_QUALITY: "土壤质量监测",
    SystemCode.SEAWATER_QUALITY: "海水质量监测",
    SystemCode.VOC_MONITORING: "挥发性有机物监测",
    SystemCode.AIR_POLLUTION_SOURCE: "大气环境污染源",
    SystemCode.SURFACE_WATER_POLLUTION_SOURCE: "地表水体环境污染源",
    SystemCode.GROUNDWATER_POLLUTION_SOURCE: "地下水体环境污染源",
    SystemCode.MARINE_POLLUTION_SOURCE: "海洋环境污染源",
    SystemCode.SOIL_POLLUTION_SOURCE: "土壤环境污染源",
    SystemCode.NOISE_POLLUTION_SOURCE: "声环境污染源",
    SystemCode.VIBRATION_POLLUTION_SOURCE: "振动环境污染源",
    SystemCode.RADIOACTIVE_POLLUTION_SOURCE: "放射性环境污染源",
    SystemCode.CONSTRUCTION_DUST_SOURCE: "工地扬尘污染源",
    SystemCode.ELECTROMAGNETIC_POLLUTION_SOURCE: "电磁环境污染源",
    SystemCode.FLUE_GAS_PROCESS: "烟气排放过程监控",
    SystemCode.WASTEWATER_PROCESS: "污水排放过程监控",
    SystemCode.SYSTEM_INTERACTION: "系统交互",
}


class CommandCode(StrEnum):
    """CN, the command code (4 digits)."""

    SET_TIMEOUT_AND_RETRIES = "1000"
    GET_DEVICE_TIME = "1011"
    SET_DEVICE_TIME = "1012"
    TIME_CALIBRATION_REQUEST = "1013"
    GET_REALTIME_INTERVAL = "1061"
    SET_REALTIME_INTERVAL = "1062"
    GET_MINUTE_INTERVAL = "1063"
    SET_MINUTE_INTERVAL = "1064"
    SET_DEVICE_PASSWORD = "1072"
    REALTIME_DATA = "2011"
    STOP_REALTIME_DATA = "2012"
    DEVICE_STATUS = "2021"
    STOP_DEVICE_STATUS = "2022"
    DAILY_DATA = "2031"
    DAILY_RUNNING_TIME = "2041"
    MINUTE_DATA = "2051"
    HOURLY_DATA = "2061"
    DEVICE_RESTART_TIME = "2081"
    ZERO_SPAN_CALIBRATION = "3011"
    IMMEDIATE_SAMPLING = "3012"
    CLEANING_BACKFLUSH = "3013"
    COMPARISON_SAMPLING = "3014"
    EXCEEDANCE_SAMPLE_RETENTION = "3015"
    SET_SAMPLING_PERIOD = "3016"
    GET_SAMPLING_PERIOD = "3017"
    GET_SAMPLE_OUTPUT_TIME = "3018"
    GET_DEVICE_ID = "3019"
    GET_DEVICE_INFO = "3020"
    SET_DEVICE_PARAMETERS = "3021"
    REQUEST_RESPONSE = "9011"
    EXECUTION_RESULT = "9012"
    NOTIFICATION_RESPONSE = "9013"
    DATA_RESPONSE = "9014"

    @property
    def label_zh(self) -> str:
        """The standard's Chinese name of the command."""
        return _COMMAND_LABELS[self]


# HJ 212-2017, command code table (section 6; table number not verified)
_COMMAND_LABELS: dict[CommandCode, str] = {
    CommandCode.SET_TIMEOUT_AND_RETRIES: "设置超时时间及重发次数",
    CommandCode.GET_DEVICE_TIME: "提取现场机时间/上传现场机时间",
    CommandCode.SET_DEVICE_TIME: "设置现场机时间",
    CommandCode.TIME_CALIBRATION_REQUEST: "现场机时间校准请求",
    CommandCode.GET_REALTIME_INTERVAL: "提取实时数据间隔/上传实时数据间隔",
    CommandCode.SET_REALTIME_INTERVAL: "设置实时数据间隔",
    CommandCode.GET_MINUTE_INTERVAL: "提取分钟数据间隔/上传分钟数据间隔",
    CommandCode.SET_MINUTE_INTERVAL: "设置分钟数据间隔",
    CommandCode.SET_DEVICE_PASSWORD: "设置现场机访问密码",
    CommandCode.REALTIME_DATA: "取污染物实时数据/上传污染物实时数据",
    CommandCode.STOP_REALTIME_DATA: "停止察看污染物实时数据",
    CommandCode.DEVICE_STATUS: "取设备运行状态数据/上传设备运行状态数据",
    CommandCode.STOP_DEVICE_STATUS: "停止察看设备运行状态",
    CommandCode.DAILY_DATA: "取污染物日历史数据/上传污染物日历史数据",
    CommandCode.DAILY_RUNNING_TIME: "取设备运行时间日历史数据/上传设备运行时间日历史数据",
    CommandCode.MINUTE_DATA: "取污染物分钟数据/上传污染物分钟数据",
    CommandCode.HOURLY_DATA: "取污染物小时数据/上传污染物小时数据",
    CommandCode.DEVICE_RESTART_TIME: "上传数采仪开机时间",
    CommandCode.ZERO_SPAN_CALIBRATION: "零点校准量程校准",
    CommandCode.IMMEDIATE_SAMPLING: "即时采样",
    CommandCode.CLEANING_BACKFLUSH: "启动清洗/反吹",
    CommandCode.COMPARISON_SAMPLING: "比对采样",
    CommandCode.EXCEEDANCE_SAMPLE_RETENTION: "超标留样/上传超标留样信息",
    CommandCode.SET_SAMPLING_PERIOD: "设置采样时间周期",
    CommandCode.GET_SAMPLING_PERIOD: "提取采样时间周期/上传采样时间周期",
    CommandCode.GET_SAMPLE_OUTPUT_TIME: "提取出样时间/上传出样时间",
    CommandCode.GET_DEVICE_ID: "提取设备唯一标识/上传设备唯一标识",
    CommandCode.GET_DEVICE_INFO: "提取现场机信息/上传现场机信息",
    CommandCode.SET_DEVICE_PARAMETERS: "设置现场机参数",
    CommandCode.REQUEST_RESPONSE: "请求应答",
    CommandCode.EXECUTION_RESULT: "执行结果",
    CommandCode.NOTIFICATION_RESPONSE: "通知应答",
    CommandCode.DATA_RESPONSE: "数据应答",
}


class QnReturn(StrEnum):
    """QnRtn, the answer code of a 9011 request response."""

    READY = "1"
    REFUSED = "2"
    BAD_PASSWORD = "3"
    BAD_MN = "4"
    BAD_ST = "5"
    BAD_FLAG = "6"
    BAD_QN = "7"
    BAD_CN = "8"
    BAD_CRC = "9"
    UNKNOWN_ERROR = "100"


# HJ 212-2017, request return table (QnRtn; section 6, table number not verified)
QN_RETURN_LABELS: dict[QnReturn, str] = {
    QnReturn.READY: "准备执行请求",
    QnReturn.REFUSED: "请求被拒绝",
    QnReturn.BAD_PASSWORD: "PW 错误",
    QnReturn.BAD_MN: "MN 错误",
    QnReturn.BAD_ST: "ST 错误",
    QnReturn.BAD_FLAG: "Flag 错误",
    QnReturn.BAD_QN: "QN 错误",
    QnReturn.BAD_CN: "CN 错误",
    QnReturn.BAD_CRC: "CRC 错误",
    QnReturn.UNKNOWN_ERROR: "未知错误",
}


class ExeReturn(StrEnum):
    """ExeRtn, the result code of a 9012 execution result."""

    SUCCESS = "1"
    FAILED = "2"
    CONDITION_ERROR = "3"
    TIMEOUT = "4"
    BUSY = "5"
    SYSTEM_FAULT = "6"
    NO_DATA = "100"


# HJ 212-2017, execution result table (ExeRtn; section 6, table number not verified)
EXE_RETURN_LABELS: dict[ExeReturn, str] = {
    ExeReturn.SUCCESS: "成功",
    ExeReturn.FAILED: "失败/原因不明",
    ExeReturn.CONDITION_ERROR: "命令请求条件错误",
    ExeReturn.TIMEOUT: "通讯超时",
    ExeReturn.BUSY: "系统繁忙不能执行",
    ExeReturn.SYSTEM_FAULT: "系统故障",
    ExeReturn.NO_DATA: "没有数据",
}


class DataFlag(StrEnum):
    """The ``-Flag`` sub-item of a pollutant value. Only NORMAL counts as valid data."""

    NORMAL = "N"
    STOPPED = "F"
    MAINTENANCE = "M"
    MANUAL = "S"
    FAULT = "D"
    CALIBRATION = "C"
    OVER_RANGE = "T"
    COMMUNICATION_FAULT = "B"


# HJ 212-2017, data flag table (section 6, table number not verified)
DATA_FLAG_LABELS: dict[DataFlag, str] = {
    DataFlag.NORMAL: "正常",
    DataFlag.STOPPED: "停运",
    DataFlag.MAINTENANCE: "维护期间",
    DataFlag.MANUAL: "手工输入设定值",
    DataFlag.FAULT: "故障",
    DataFlag.CALIBRATION: "校准",
    DataFlag.OVER_RANGE: "超测量上限",
    DataFlag.COMMUNICATION_FAULT: "通讯异常",
}

SYSTEM_CODES: dict[str, SystemCode] = {code.value: code for code in SystemCode}
COMMAND_CODES: dict[str, CommandCode] = {code.value: code for code in CommandCode}
QN_RETURNS: dict[str, QnReturn] = {code.value: code for code in QnReturn}
EXE_RETURNS: dict[str, ExeReturn] = {code.value: code for code in ExeReturn}
DATA_FLAGS: dict[str, DataFlag] = {code.value: code for code in DataFlag}
