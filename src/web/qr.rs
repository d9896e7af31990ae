//! QR codes as inline SVG: one square per dark module, in module units, so the code is
//! a few hundred bytes, prints sharp at any size, and needs no image library.

use std::fmt::Write;

use maud::{Markup, PreEscaped, html};
use qrcode::{Color, EcLevel, QrCode};

/// The quiet zone around the code, in modules (the standard asks for four).
const QUIET: usize = 4;

/// A QR code of `url` with a caption for people; `None` only if the URL is too long for
/// any QR code.
pub fn code(url: &str, label: &str) -> Option<Markup> {
    let qr = QrCode::with_error_correction_level(url, EcLevel::M).ok()?;
    let width = qr.width();
    let mut path = String::new();
    for (i, colour) in qr.to_colors().into_iter().enumerate() {
        if colour == Color::Dark {
            let _ = write!(path, "M{} {}h1v1h-1z", i % width + QUIET, i / width + QUIET);
        }
    }
    let size = width + 2 * QUIET;
    Some(html! {
        figure.qr {
            svg viewBox={"0 0 " (size) " " (size)} role="img" aria-label=(label) shape-rendering="crispEdges" {
                rect width=(size) height=(size) fill="#fff" {}
                (PreEscaped(format!("<path fill=\"#000\" d=\"{path}\"/>")))
            }
            figcaption { small { (url) } }
        }
    })
}
