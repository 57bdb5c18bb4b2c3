/* Compiled scanner for HJ 212-2017 packets: the frame (6.3.1, Annex A CRC) and the
 * syntax of the data segment (6.3.2 header fields, 6.3.3 CP data area).
 *
 * scan(packet) returns the pieces the Python codec would find, or None when the
 * packet is not plainly well formed; the caller then runs the general Python
 * parser, which raises the error. The scanner never raises for bad input, so all
 * error messages come from one place. What it accepts, and the values it returns,
 * must equal what frame.py and segment.py find; tests/domain/hj212/test_hj212_fast_path.py
 * checks that on generated, mutated and public packets.
 *
 * Returned tuple: (header values QN ST CN PW MN Flag PNUM PNO, None where absent;
 * CP groups as tuples of (key, value); every CP key; every CP value; bytes with 1 for
 * each value that is a number of 6.3.3 and 0 for the others; trailing ';' before '&&';
 * CRC written in lower case; CR LF present; data segment length).
 *
 * Memory safety: every index is checked against the packet's length before use;
 * the input is only read. Built as an optional extension: without a compiler the
 * codec uses its pure-Python path and gives the same results.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

static unsigned short crc_table[256];
/* crc_power[k][x]: the map x -> T[x] >> 8 applied k times (see crc.py for why). */
static unsigned char crc_power[8][256];

/* The tables of HJ 212-2017 Annex A; 0 when the byte map does not have order 8. */
static int
init_crc_tables(void)
{
    /* Annex A: 8 times "shift right, XOR 0xA001 if the bit shifted out was 1". */
    for (unsigned int x = 0; x < 256; x++) {
        unsigned int reg = x;
        for (int k = 0; k < 8; k++) {
            unsigned int lsb = reg & 1u;
            reg >>= 1;
            if (lsb) {
                reg ^= 0xA001u;
            }
        }
        crc_table[x] = (unsigned short)reg;
        crc_power[0][x] = (unsigned char)x;
    }
    for (int k = 1; k < 8; k++) {
        for (unsigned int x = 0; x < 256; x++) {
            crc_power[k][x] = (unsigned char)(crc_table[crc_power[k - 1][x]] >> 8);
        }
    }
    for (unsigned int x = 0; x < 256; x++) {
        if ((crc_table[crc_power[7][x]] >> 8) != x) {
            return 0;
        }
    }
    return 1;
}

/* Annex A per byte: crc = (crc >> 8) ^ byte, then the 8 shifts, i.e. T[(crc >> 8) ^ byte],
 * so only the high byte hi is carried: hi' = H(hi ^ byte) with H(x) = T[x] >> 8, linear
 * over GF(2) and of order 8. A byte at distance d from the last one adds H^(d mod 8)(byte)
 * to the high byte before the last step: XOR the bytes into 8 lanes by distance, then
 * 8 lookups, with no chain of dependent lookups (crc.py does the same with big integers). */
static unsigned int
crc16(const unsigned char *data, Py_ssize_t size)
{
    if (size == 0) {
        return 0xFFFFu;
    }
    unsigned char lanes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    Py_ssize_t last = size - 1;
    for (Py_ssize_t j = 0; j < last; j++) {
        lanes[(last - j) & 7] ^= data[j];
    }
    unsigned int high = crc_power[last & 7][0xFF];
    for (int k = 0; k < 8; k++) {
        high ^= crc_power[k][lanes[k]];
    }
    return crc_table[high ^ data[last]];
}

static int
hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

/* Index of the first `c` in data[start:stop], or -1. */
static Py_ssize_t
find_char(const unsigned char *data, Py_ssize_t start, Py_ssize_t stop, unsigned char c)
{
    if (start >= stop) {
        return -1;
    }
    const unsigned char *hit = memchr(data + start, c, (size_t)(stop - start));
    return hit == NULL ? -1 : (Py_ssize_t)(hit - data);
}

/* Index of the first ";CP=&&" in data[0:size], or -1. */
static Py_ssize_t
find_cp_open(const unsigned char *data, Py_ssize_t size)
{
    for (Py_ssize_t i = 0; i + 6 <= size; i++) {
        if (data[i] == ';' && memcmp(data + i + 1, "CP=&&", 5) == 0) {
            return i;
        }
    }
    return -1;
}

/* A str of the ASCII bytes data[start:stop] (the caller checked every byte is < 0x80). */
static PyObject *
ascii_str(const unsigned char *data, Py_ssize_t start, Py_ssize_t stop)
{
    Py_ssize_t size = stop - start;
    PyObject *text = PyUnicode_New(size, 127);
    if (text != NULL && size > 0) {
        memcpy(PyUnicode_1BYTE_DATA(text), data + start, (size_t)size);
    }
    return text;
}

static const char *const HEADER_NAMES[8] = {"QN", "ST", "CN", "PW", "MN", "Flag", "PNUM", "PNO"};

static int
header_index(const unsigned char *key, Py_ssize_t size)
{
    for (int i = 0; i < 8; i++) {
        if ((size_t)size == strlen(HEADER_NAMES[i]) && memcmp(key, HEADER_NAMES[i], (size_t)size) == 0) {
            return i;
        }
    }
    return -1;
}

/* Header fields of data[0:stop] into values[8] (new references, NULL where absent).
 * Returns 1 when every field is a known key=value in the order of 6.3.2, 0 when not,
 * -1 on a Python error. */
static int
scan_header(const unsigned char *data, Py_ssize_t stop, PyObject **values)
{
    if (stop == 0) {
        return 1;
    }
    if (find_char(data, 0, stop, '&') >= 0) {
        return 0;
    }
    int last = -1;
    Py_ssize_t start = 0;
    for (;;) {
        Py_ssize_t end = find_char(data, start, stop, ';');
        if (end < 0) {
            end = stop;
        }
        Py_ssize_t eq = find_char(data, start, end, '=');
        if (eq < 0) {
            return 0;
        }
        int index = header_index(data + start, eq - start);
        if (index <= last) { /* unknown (-1), repeated or out of order */
            return 0;
        }
        values[index] = ascii_str(data, eq + 1, end);
        if (values[index] == NULL) {
            return -1;
        }
        last = index;
        if (end == stop) {
            return 1;
        }
        start = end + 1;
    }
}

static Py_ssize_t
count_char(const unsigned char *data, Py_ssize_t start, Py_ssize_t stop, unsigned char c)
{
    Py_ssize_t count = 0;
    for (Py_ssize_t i = start; i < stop; i++) {
        count += data[i] == c;
    }
    return count;
}

/* Every CP item, by group, and every key and value in the order sent. */
typedef struct {
    PyObject *groups;  /* tuple of tuples of (key, value) */
    PyObject *keys;    /* tuple of str */
    PyObject *values;  /* tuple of str */
    PyObject *numeric; /* bytes: 1 where the value is a number, else 0 */
    Py_ssize_t next;   /* items stored so far in keys, values and numeric */
} Items;

/* HJ 212-2017 6.3.3, data type N: data[start:stop] matches -?[0-9]+(\.[0-9]+)?, the
 * pattern NUMBER of values.py (no exponent, no '+'). */
static char
is_number(const unsigned char *data, Py_ssize_t start, Py_ssize_t stop)
{
    Py_ssize_t i = start;
    if (i < stop && data[i] == '-') {
        i++;
    }
    Py_ssize_t digits = i;
    while (i < stop && data[i] >= '0' && data[i] <= '9') {
        i++;
    }
    if (i == digits) {
        return 0;
    }
    if (i == stop) {
        return 1;
    }
    if (data[i] != '.') {
        return 0;
    }
    digits = ++i;
    while (i < stop && data[i] >= '0' && data[i] <= '9') {
        i++;
    }
    return i > digits && i == stop;
}

/* One group data[start:stop] as a tuple of (key, value), its keys and values also stored
 * in `items`. Returns Py_None (borrowed, not to be released) when an item is not key=value
 * with a non-empty key, NULL on a Python error. */
static PyObject *
scan_group(const unsigned char *data, Py_ssize_t start, Py_ssize_t stop, Items *items)
{
    Py_ssize_t count = count_char(data, start, stop, ',') + 1;
    PyObject *group = PyTuple_New(count);
    if (group == NULL) {
        return NULL;
    }
    for (Py_ssize_t n = 0; n < count; n++) {
        Py_ssize_t end = find_char(data, start, stop, ',');
        if (end < 0) {
            end = stop;
        }
        Py_ssize_t eq = find_char(data, start, end, '=');
        if (eq <= start) { /* no '=' (-1) or an empty key */
            Py_DECREF(group);
            return Py_None;
        }
        PyObject *key = ascii_str(data, start, eq);
        PyObject *value = key == NULL ? NULL : ascii_str(data, eq + 1, end);
        PyObject *item = value == NULL ? NULL : PyTuple_Pack(2, key, value);
        if (item == NULL) {
            Py_XDECREF(key);
            Py_XDECREF(value);
            Py_DECREF(group);
            return NULL;
        }
        PyTuple_SET_ITEM(group, n, item);
        /* The counts of ';' and ',' sized keys and values, so next stays in range. */
        PyTuple_SET_ITEM(items->keys, items->next, key);
        PyTuple_SET_ITEM(items->values, items->next, value);
        PyBytes_AS_STRING(items->numeric)[items->next] = is_number(data, eq + 1, end);
        items->next++;
        start = end + 1;
    }
    return group;
}

/* The CP data area data[start:stop] into `items`. Returns 1 when every item is key=value,
 * 0 when not, -1 on a Python error. */
static int
scan_items(const unsigned char *data, Py_ssize_t start, Py_ssize_t stop, Items *items)
{
    Py_ssize_t count = 0, total = 0;
    if (start < stop) {
        count = count_char(data, start, stop, ';') + 1;
        total = count + count_char(data, start, stop, ',');
    }
    items->groups = PyTuple_New(count);
    items->keys = PyTuple_New(total);
    items->values = PyTuple_New(total);
    items->numeric = PyBytes_FromStringAndSize(NULL, total);
    if (items->groups == NULL || items->keys == NULL || items->values == NULL ||
        items->numeric == NULL) {
        return -1;
    }
    for (Py_ssize_t n = 0; n < count; n++) {
        Py_ssize_t end = find_char(data, start, stop, ';');
        if (end < 0) {
            end = stop;
        }
        PyObject *group = scan_group(data, start, end, items);
        if (group == NULL) {
            return -1;
        }
        if (group == Py_None) {
            return 0;
        }
        PyTuple_SET_ITEM(items->groups, n, group);
        start = end + 1;
    }
    return 1;
}

/* The frame of 6.3.1: returns the segment's length, or -1 when the frame is not intact.
 * Sets *crlf and *lower (CRC written with a-f). */
static Py_ssize_t
scan_frame(const unsigned char *p, Py_ssize_t n, int *crlf, int *lower)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        if (p[i] & 0x80u) {
            return -1;
        }
    }
    *crlf = n >= 2 && p[n - 2] == '\r' && p[n - 1] == '\n';
    Py_ssize_t end = *crlf ? n - 2 : n;
    if (end < 10 || p[0] != '#' || p[1] != '#') {
        return -1;
    }
    Py_ssize_t declared = 0;
    for (int i = 2; i < 6; i++) {
        if (p[i] < '0' || p[i] > '9') {
            return -1;
        }
        declared = declared * 10 + (p[i] - '0');
    }
    Py_ssize_t size = end - 10;
    if (declared != size) {
        return -1;
    }
    unsigned int written = 0;
    *lower = 0;
    for (Py_ssize_t i = end - 4; i < end; i++) {
        int digit = hex_value(p[i]);
        if (digit < 0) {
            return -1;
        }
        *lower |= p[i] >= 'a';
        written = (written << 4) | (unsigned int)digit;
    }
    return crc16(p + 6, size) == written ? size : -1;
}

static PyObject *
scan(PyObject *module, PyObject *packet)
{
    (void)module;
    if (!PyBytes_CheckExact(packet)) {
        Py_RETURN_NONE;
    }
    const unsigned char *p = (const unsigned char *)PyBytes_AS_STRING(packet);
    Py_ssize_t n = PyBytes_GET_SIZE(packet);
    int crlf = 0, lower = 0;
    Py_ssize_t size = scan_frame(p, n, &crlf, &lower);
    if (size < 0) {
        Py_RETURN_NONE;
    }
    const unsigned char *seg = p + 6;

    /* segment.py, _split_segment: the header ends at the first ";CP=&&". */
    Py_ssize_t head_end, body_start;
    Py_ssize_t at = find_cp_open(seg, size);
    if (at >= 0) {
        head_end = at;
        body_start = at + 6;
    }
    else if (size >= 5 && memcmp(seg, "CP=&&", 5) == 0) {
        head_end = 0;
        body_start = 5;
    }
    else {
        Py_RETURN_NONE;
    }
    if (size < body_start + 2 || seg[size - 2] != '&' || seg[size - 1] != '&') {
        Py_RETURN_NONE;
    }
    Py_ssize_t body_end = size - 2;
    if (find_char(seg, body_start, body_end, '&') >= 0) {
        Py_RETURN_NONE;
    }
    int trailing = body_end > body_start && seg[body_end - 1] == ';';
    if (trailing) {
        body_end--;
    }

    PyObject *values[8] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    PyObject *result = NULL, *header = NULL;
    Items items = {NULL, NULL, NULL, NULL, 0};
    int ok = scan_header(seg, head_end, values);
    if (ok > 0) {
        ok = scan_items(seg, body_start, body_end, &items);
    }
    if (ok < 0) {
        goto done;
    }
    if (ok == 0) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    header = PyTuple_New(8);
    if (header == NULL) {
        goto done;
    }
    for (int i = 0; i < 8; i++) {
        PyTuple_SET_ITEM(header, i, values[i] == NULL ? Py_NewRef(Py_None) : values[i]);
        values[i] = NULL;
    }
    result = Py_BuildValue(
        "(OOOOONNNn)", header, items.groups, items.keys, items.values, items.numeric,
        PyBool_FromLong(trailing), PyBool_FromLong(lower), PyBool_FromLong(crlf), size);
done:
    for (int i = 0; i < 8; i++) {
        Py_XDECREF(values[i]);
    }
    Py_XDECREF(header);
    Py_XDECREF(items.groups);
    Py_XDECREF(items.keys);
    Py_XDECREF(items.values);
    Py_XDECREF(items.numeric);
    return result;
}

static PyObject *
crc16_of(PyObject *module, PyObject *data)
{
    (void)module;
    Py_buffer view;
    if (PyObject_GetBuffer(data, &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    unsigned int crc = crc16((const unsigned char *)view.buf, view.len);
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLong(crc);
}

static PyMethodDef methods[] = {
    {"crc16", crc16_of, METH_O,
     "crc16(data: bytes) -> int\n\nThe CRC16 of HJ 212-2017 Annex A, as the scanner computes it."},
    {"scan", scan, METH_O,
     "scan(packet: bytes) -> tuple | None\n\n"
     "The header values, CP groups, CP keys, CP values, which values are numbers, trailing\n"
     "separator, lower-case CRC, CR LF and segment length of an intact, well-formed HJ 212\n"
     "packet; None otherwise."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_scan", "Compiled HJ 212 packet scanner.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__scan(void)
{
    if (!init_crc_tables()) {
        PyErr_SetString(PyExc_ImportError, "HJ 212 CRC: the byte map does not have order 8");
        return NULL;
    }
    return PyModule_Create(&module);
}
