"""A USB printer URL works out of the box: pyusb is installed with the kiosk, libusb by the system."""

import pytest

from hardware.drivers.transports import UsbTransport
from hardware.errors import DeviceNotFound


def test_an_unplugged_usb_printer_is_reported_as_not_found_when_the_kiosk_is_installed():
    # Vendor 0xffff is reserved: no real device answers to it.
    transport = UsbTransport(0xFFFF, 0xFFFE)
    with pytest.raises(DeviceNotFound) as caught:
        transport.open()
    # Not "needs pyusb" (the library was missing) nor "needs libusb" (the system package).
    assert "no such USB printer" in str(caught.value)
