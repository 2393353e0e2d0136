#include "core/wipe.hpp"

#include <string.h>  // explicit_bzero (glibc 2.25)

namespace ill {

void wipe(std::string& text) noexcept {
  // The whole buffer, not only size(): a string shortened earlier keeps bytes past its end.
  if (text.capacity() > 0) explicit_bzero(text.data(), text.capacity());
  text.clear();
}

}  // namespace ill
