"""Files of vehicles and detections as the members send them (synthetic plates)."""

from __future__ import annotations

import io
from datetime import datetime

VEHICLE_HEADER = "号牌号码,号牌颜色,车辆类型,燃料类型,排放标准,注册城市,所有人类型"
DETECTION_HEADER = (
    "号牌号码,号牌颜色,检测时间,城市,地点,检测方式,检测结果,CO(%),HC(ppm),NO(ppm),不透光度(%)"
)


def vehicles_csv(*rows: str) -> bytes:
    body = rows or (
        "苏E12345,黄,重型货车,柴油,国III,苏州,单位",
        "苏E6789A,蓝,小型客车,汽油,国V,苏州市,个人",
        "浙AD12345,绿,小型客车,纯电动,国VI,杭州,个人",
    )
    return ("\n".join((VEHICLE_HEADER, *body)) + "\n").encode()


def detection(plate: str, when: datetime, city: str, method: str = "遥感监测",
              result: str = "不合格", colour: str = "黄") -> str:  # fmt: skip
    return f"{plate},{colour},{when:%Y-%m-%d %H:%M},{city},示例路口,{method},{result},1.2,300,900,"


def detections_csv(*rows: str) -> bytes:
    return ("\n".join((DETECTION_HEADER, *rows)) + "\n").encode()


def workbook(text: bytes) -> bytes:
    """The same rows as an Excel workbook."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for line in text.decode().strip().splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
