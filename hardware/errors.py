"""The hardware layer's exception tree.

Drivers translate whatever their library raises (``OSError``, ``serial.SerialException``,
``escpos.exceptions.Error``, ``socket.timeout``) into one of these at the boundary, with
``raise ... from exc`` so the log keeps the cause. The errors carry data (which device, what
happened), not UI text: a print queue keeps a failed job together with its error and the UI maps
each type to one translated message.
"""


class DeviceError(Exception):
    """Base of every hardware error. ``device`` names the device (its URL or path) when known."""

    def __init__(self, message: str, *, device: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.device = device

    #: True when trying the same job again later may succeed (printer back online, paper loaded).
    retryable = True

    def __str__(self) -> str:
        return f"{self.message} [{self.device}]" if self.device else self.message


class ConfigurationError(DeviceError):
    """The device settings are wrong: unknown profile, option out of range. Retrying won't help."""

    retryable = False


class InvalidDeviceUrl(ConfigurationError):
    """A device URL that cannot be understood: unknown scheme, missing host, bad option."""


class DeviceNotFound(DeviceError):
    """No device answers at the configured place: no such path, USB ids not present, refused."""


class DeviceOffline(DeviceError):
    """The device was there and went away: connection reset or closed, cable pulled mid-job."""


class DeviceTimeout(DeviceError):
    """The device stopped accepting data or answering within the allowed time."""


class PaperOut(DeviceError):
    """The printer reports that its paper roll is empty (or its cover is open)."""


class DeviceBusy(DeviceError):
    """Another program holds the device (serial port locked, USB interface claimed)."""


class DocumentError(DeviceError):
    """A printable document that cannot be rendered (barcode data invalid, image too wide)."""

    retryable = False
