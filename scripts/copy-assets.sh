#!/bin/sh
# Copy the front-end files Gendan serves from node_modules into static/vendor.
set -eu
cd "$(dirname "$0")/.."
dest=static/vendor
rm -rf "$dest"
mkdir -p "$dest/tabler/css" "$dest/tabler/js" "$dest/tabler/img" "$dest/tabler-icons/fonts" "$dest/tom-select" "$dest/htmx" "$dest/echarts" "$dest/sortablejs"
cp node_modules/@tabler/core/dist/css/tabler.min.css node_modules/@tabler/core/dist/css/tabler-flags.min.css "$dest/tabler/css/"
cp node_modules/@tabler/core/dist/js/tabler.min.js "$dest/tabler/js/"
cp -r node_modules/@tabler/core/dist/img/flags "$dest/tabler/img/"
cp node_modules/@tabler/icons-webfont/dist/tabler-icons.min.css "$dest/tabler-icons/"
cp node_modules/@tabler/icons-webfont/dist/fonts/tabler-icons.woff2 \
   node_modules/@tabler/icons-webfont/dist/fonts/tabler-icons.woff \
   node_modules/@tabler/icons-webfont/dist/fonts/tabler-icons.ttf "$dest/tabler-icons/fonts/"
cp node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css "$dest/tom-select/"
cp node_modules/tom-select/dist/js/tom-select.complete.min.js "$dest/tom-select/"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx/"
cp node_modules/echarts/dist/echarts.min.js "$dest/echarts/"
cp node_modules/sortablejs/Sortable.min.js "$dest/sortablejs/"
