//! The shipped CJK font, embedded so a copied binary still shows Chinese.
//! Regular goes into the default font handle: every `Text` uses it unless told otherwise.

use bevy::prelude::*;

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-Regular.otf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-Bold.otf");

/// Handles of the faces widgets ask for by name.
#[derive(Resource, Clone, Default)]
pub struct UiFonts {
    pub bold: Handle<Font>,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<UiFonts>();
    // headless tests run without the asset plugin: they lay nothing out, so need no glyphs
    if app.world().contains_resource::<Assets<Font>>() {
        let mut fonts = app.world_mut().resource_mut::<Assets<Font>>();
        let _ = fonts.insert(AssetId::default(), Font::from_bytes(REGULAR.to_vec()));
        let bold = fonts.add(Font::from_bytes(BOLD.to_vec()));
        app.insert_resource(UiFonts { bold });
    }
}
