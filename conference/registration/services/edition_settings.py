"""The edition's registration settings row (capacity, holds, consent text, refunds...)."""

from ..models import RegistrationSettings

DEFAULT_CONSENT_VI = (
    "Tôi đồng ý để Ban Tổ chức Hội thảo Quốc gia về Chính phủ số xử lý dữ liệu cá nhân của tôi "
    "(họ tên, chức vụ, cơ quan, email, số điện thoại, nhu cầu hỗ trợ tiếp cận và các câu trả lời) "
    "nhằm mục đích đăng ký, xác nhận tham dự, cấp thẻ đại biểu, kiểm soát ra vào và liên lạc về "
    "hội thảo, theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân. Dữ liệu được lưu trữ không "
    "quá 12 tháng sau hội thảo. Tôi có quyền xem, sửa, rút lại sự đồng ý và yêu cầu xóa dữ liệu "
    "của mình tại trang tài khoản."
)
DEFAULT_CONSENT_EN = (
    "I agree that the organisers of the National Conference on Digital Government process my "
    "personal data (name, position, organisation, email, phone, accessibility needs and answers) "
    "to register me, confirm my attendance, issue my badge, control entry and contact me about "
    "the conference, under Decree 13/2023/ND-CP on personal data protection. The data is kept no "
    "longer than 12 months after the conference. I may see, correct, withdraw consent and ask for "
    "deletion of my data from my account page."
)


def get_registration_settings(edition) -> RegistrationSettings:
    """The edition's settings row, created with defaults on first use."""
    obj, _created = RegistrationSettings.objects.get_or_create(
        edition=edition,
        defaults={"consent_text": DEFAULT_CONSENT_VI, "consent_text_en": DEFAULT_CONSENT_EN},
    )
    return obj
