"""Head office's errors in plain words, Vietnamese then English, for the pages' forms."""

from hq import errors
from hq.operators import MIN_PASSWORD

_FIELDS = {
    "code": "Mã chỉ gồm 1–16 chữ cái không dấu, chữ số, '-', '_' hoặc '.' / The code must be 1 "
    "to 16 letters without accents, digits, '-', '_' or '.'",
    "name": "Tên phải có từ 1 đến 200 ký tự (người dùng: 80) / The name must have 1 to 200 "
    "characters (operators: 80)",
    "province": "Tên tỉnh dài quá 80 ký tự / The province is longer than 80 characters",
    "role": "Hãy chọn một vai trò / Choose a role",
    "shop": "Quản lý cửa hàng cần chọn cửa hàng / A shop manager needs a shop",
    "producer": "Nhà sản xuất cần chọn nhà sản xuất / A producer needs their producer",
}


def plain(exc: errors.HqError) -> str:
    """What went wrong with a form, for the person who filled it in."""
    d = exc.data
    if isinstance(exc, errors.InvalidShop | errors.InvalidOperator):
        return _FIELDS.get(str(d.get("field")), str(exc))
    if isinstance(exc, errors.InvalidTerminalCode):
        return _FIELDS["code"]
    texts = {
        errors.ShopExists: f"Đã có cửa hàng mã {d.get('code')} / A shop with code "
        f"{d.get('code')} exists already",
        errors.UnknownShop: "Không có cửa hàng này / There is no such shop",
        errors.TerminalExists: f"Máy {d.get('code')} đang hoạt động hoặc chờ đăng ký; hãy thu "
        f"hồi trước / Terminal {d.get('code')} is active or awaiting enrolment: revoke it first",
        errors.UnknownTerminal: "Không có máy này / There is no such terminal",
        errors.OperatorExists: f"Đã có người dùng tên {d.get('name')} / An operator named "
        f"{d.get('name')} exists already",
        errors.UnknownOperator: "Không có người dùng này / There is no such operator",
        errors.UnknownProducer: "Không có nhà sản xuất này / There is no such producer",
        errors.WeakPassword: f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự / The password needs "
        f"at least {MIN_PASSWORD} characters",
    }
    return texts.get(type(exc), str(exc))
