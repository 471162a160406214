//! Browser tests of the widget in headless Chromium (being written).
