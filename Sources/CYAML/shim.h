#ifndef FOOTPRINT_CYAML_SHIM_H
#define FOOTPRINT_CYAML_SHIM_H

// libyaml (yaml-0.1 in pkg-config), as the system installs it: Debian's
// libyaml-dev or Homebrew's libyaml. FootprintLoading uses only its event
// parser (yaml_parser_*, yaml_event_*), which Swift calls directly, so no
// wrappers are needed here.

#include <yaml.h>

#endif
