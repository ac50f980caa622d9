class DomainError(Exception):
    """A rule of the domain was broken: a translated message for people, a code for machines.

    Views map it to a form error or an HTTP 4xx; it never becomes a 500.
    """

    code = "invalid"
    status = 400

    def __init__(self, message: str = "", *, code: str | None = None, status: int | None = None,
                 **params):
        self.message = message or str(self.__class__.__doc__ or "").strip()
        if code:
            self.code = code
        if status:
            self.status = status
        self.params = params
        super().__init__(self.message)

    def as_dict(self) -> dict:
        return {"code": self.code, "message": str(self.message), **self.params}
