"""The annual reports (issue 15 §4) as a neutral document: headings, paragraphs, tables and
figures, numbered as Chinese government reports are, in the 万吨 the plan uses. Pure: the
data come in as plain values, the renderers (Word, PDF) and the chart drawing live in
``deltacap.reports``."""
