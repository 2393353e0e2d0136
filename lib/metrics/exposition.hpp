// The Prometheus text exposition format (version 0.0.4), written family by family:
//
//   Exposition out;
//   out.family("mktxp_interface_rx_byte_total", MetricType::counter, "Bytes received");
//   out.sample({{"name", "ether1"}, {"routerboard_name", "gw1"}}, 1234);
//   std::string body = out.text();
//
// Names are checked against the format's grammar (a bad one is a bug: it asserts); label values
// are escaped; numbers are written so that they parse back exactly.
#pragma once

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ill::metrics {

enum class MetricType { counter, gauge, histogram, summary, untyped };

using Label = std::pair<std::string_view, std::string_view>;

// Labels written once, checked and escaped, for a series that is exposed at every scrape (a
// link's names): rendering a page then copies their text instead of escaping each value again.
class LabelSet {
public:
  LabelSet() = default;
  explicit LabelSet(std::initializer_list<Label> labels);
  // `name="value",...` without braces; empty for no labels.
  const std::string& text() const { return m_text; }
  bool operator==(const LabelSet&) const = default;

private:
  std::string m_text;
};

// Label sets packed one after another in one buffer, in the order a family writes its series.
// A page writes each link's labels in a dozen families; read from here they are read front to back,
// where following every link's LabelSet to wherever illd's heap had put it cost cache misses at
// every series: a 50,000-link page took 198 ms of CPU that way, 73 ms packed (fleet_metrics.hpp's
// LinkLabelTable packs a fleet's once per inventory).
class PackedLabelSets {
public:
  void reserve(std::size_t sets, std::size_t bytes);
  void push_back(const LabelSet& labels);
  std::size_t size() const { return m_ends.size(); }
  // The escaped text of set `index`, as LabelSet::text() gives it.
  std::string_view text(std::size_t index) const {
    const std::size_t begin = index == 0 ? 0 : m_ends[index - 1];
    return std::string_view(m_text).substr(begin, m_ends[index] - begin);
  }

private:
  std::string m_text;
  std::vector<std::size_t> m_ends;
};

// A label set to write, borrowed from a LabelSet or from an entry of PackedLabelSets: text that is
// escaped already, which nothing else can make.
class LabelsRef {
public:
  LabelsRef(const LabelSet& labels) : m_text(labels.text()) {}  // NOLINT: implicit on purpose
  LabelsRef(const PackedLabelSets& sets, std::size_t index) : m_text(sets.text(index)) {}
  std::string_view text() const { return m_text; }

private:
  std::string_view m_text;
};

class Exposition {
public:
  static constexpr std::string_view k_content_type = "text/plain; version=0.0.4; charset=utf-8";

  // Starts a family: its # HELP and # TYPE lines. Each family name may appear once.
  void family(std::string_view name, MetricType type, std::string_view help);

  // A sample of the current family.
  void sample(std::initializer_list<Label> labels, double value);
  void sample(const std::vector<Label>& labels, double value);
  // A sample whose name adds a suffix to the family's (histograms: "_bucket", "_sum", "_count").
  void sample(std::string_view suffix, const std::vector<Label>& labels, double value);
  // A sample with labels written beforehand, and optionally one more label after them.
  void sample(LabelsRef labels, double value);
  void sample(LabelsRef labels, Label extra, double value);

  // Hands the text over in pieces: once it holds `piece_bytes`, after a family's header or a
  // sample, it goes to `sink` and the exposition starts empty again. A sink that returns false
  // (nobody reads any more) stops the exposition: later families and samples are dropped.
  void set_sink(std::function<bool(std::string&&)> sink, std::size_t piece_bytes);
  bool stopped() const { return m_stopped; }

  const std::string& text() const { return m_text; }
  // Hands the text over (the exposition is empty afterwards): no copy of a large page.
  std::string release() { return std::move(m_text); }
  void reserve(std::size_t bytes) { m_text.reserve(bytes); }

private:
  void maybe_flush();
  void end_sample(double value);

  std::string m_text;
  std::string m_family;
  std::function<bool(std::string&&)> m_sink;
  std::size_t m_piece_bytes = 0;
  bool m_stopped = false;
};

std::string format_value(double value);
void append_value(double value, std::string& out);  // as format_value, appended
void escape_label_value(std::string_view value, std::string& out);
// Appends `name="value"`, the value escaped.
void append_label(std::string_view name, std::string_view value, std::string& out);
bool is_valid_metric_name(std::string_view name);
bool is_valid_label_name(std::string_view name);

}  // namespace ill::metrics
