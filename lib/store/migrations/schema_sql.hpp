// The SQL of each schema version, one file per version (v1.cpp, v2.cpp, ...), listed in order by
// store/migrations.cpp. Private to the store.
#pragma once

namespace ill::store::schema {

extern const char* const k_v1;
extern const char* const k_v2;
extern const char* const k_v3;
extern const char* const k_v4;
extern const char* const k_v5;
extern const char* const k_v6;
extern const char* const k_v7;
extern const char* const k_v8;

}  // namespace ill::store::schema
