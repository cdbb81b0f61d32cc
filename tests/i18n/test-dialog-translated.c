/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv i18n tests: the dialog under LANGUAGE=xx shows no English where the catalogue has a
 * translation and keeps its buttons' mnemonics unique; under LANGUAGE=de, known German labels. */
#include "kcv-dialog.h"

#include "kcv-preset-panel.h"
#include "kcv-presets.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

/* Every text the user can read in the dialog: labels (as set, with
 * mnemonics, or as shown for markup), combo box entries, stack page titles,
 * tooltips and the window title. */
typedef struct {
  GPtrArray *texts; /* each text once */
  GHashTable *seen;
} Texts;

static void add_text(Texts *t, const char *s)
{
  if (!s || !*s || g_hash_table_contains(t->seen, s))
    return;
  char *copy = g_strdup(s);
  g_hash_table_add(t->seen, copy);
  g_ptr_array_add(t->texts, copy);
}

static gboolean collect_row(GtkTreeModel *model, GtkTreePath *path, GtkTreeIter *it, gpointer data)
{
  char *s = NULL;
  gtk_tree_model_get(model, it, 0, &s, -1);
  add_text(data, s);
  g_free(s);
  return FALSE;
}

/* Every row, those in submenus (the presets' groups) too. */
static void collect_model(Texts *t, GtkTreeModel *model)
{
  if (!model || gtk_tree_model_get_n_columns(model) < 1 ||
      gtk_tree_model_get_column_type(model, 0) != G_TYPE_STRING)
    return;
  gtk_tree_model_foreach(model, collect_row, t);
}

static void collect(GtkWidget *w, gpointer data)
{
  Texts *t = data;
  if (GTK_IS_LABEL(w)) {
    /* As set (with the mnemonic's "_", which is what gettext returned) and
     * as shown (without it, and without markup). */
    GtkLabel *l = GTK_LABEL(w);
    if (!gtk_label_get_use_markup(l))
      add_text(t, gtk_label_get_label(l));
    add_text(t, gtk_label_get_text(l));
  }
  if (GTK_IS_COMBO_BOX(w))
    collect_model(t, gtk_combo_box_get_model(GTK_COMBO_BOX(w)));
  char *tip = gtk_widget_get_tooltip_text(w);
  add_text(t, tip);
  g_free(tip);
  if (GTK_IS_CONTAINER(w)) {
    if (GTK_IS_STACK(w)) {
      GList *children = gtk_container_get_children(GTK_CONTAINER(w));
      for (GList *c = children; c; c = c->next) {
        char *title = NULL;
        gtk_container_child_get(GTK_CONTAINER(w), c->data, "title", &title, NULL);
        add_text(t, title);
        g_free(title);
      }
      g_list_free(children);
    }
    /* forall, not foreach: the dialog's own buttons are internal children. */
    gtk_container_forall(GTK_CONTAINER(w), collect, t);
  }
}

static gboolean has_text(const Texts *t, const char *s)
{
  for (guint i = 0; i < t->texts->len; i++)
    if (strcmp(g_ptr_array_index(t->texts, i), s) == 0)
      return TRUE;
  return FALSE;
}

typedef struct {
  GtkWidget *dialog;
  float pixels[16 * 16 * 4];
  KcvPreviewSource source;
  Texts texts;
} Fixture;

static kcv_kernel *layer_kernel(int index, gboolean normalise, char **error, gpointer data)
{
  return kcv_kernel_new(3, 3);
}

static const char *const layer_names[] = {"Background"};
static const KcvLayerSource layers = {1, layer_names, layer_kernel, NULL};

static void fixture_setup(Fixture *f, gconstpointer data)
{
  for (gsize i = 0; i < G_N_ELEMENTS(f->pixels); i++)
    f->pixels[i] = (i % 4 == 3) ? 1.0f : (float)(i % 7) / 6.0f;
  /* A source and a layer, so the preview and the layer picker are built too. */
  f->source = (KcvPreviewSource){.pixels = f->pixels,
                                 .width = 16,
                                 .height = 16,
                                 .channels = 4,
                                 .stride = 16 * 4,
                                 .sel_width = 16,
                                 .sel_height = 16};
  KcvParams params;
  kcv_params_init_default(&params);
  /* No title: the dialog's own (translated) one. */
  f->dialog = kcv_dialog_new(NULL, &params, &f->source, &layers);
  kcv_params_clear(&params);
  g_assert_nonnull(f->dialog);
  /* A preset with parameters, so its translated slider labels are built too. */
  g_assert_true(kcv_preset_panel_select(
      KCV_PRESET_PANEL(kcv_dialog_get_presets(KCV_DIALOG(f->dialog))), "gaussian"));
  f->texts.seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  f->texts.texts = g_ptr_array_new();
  add_text(&f->texts, gtk_window_get_title(GTK_WINDOW(f->dialog)));
  collect(f->dialog, &f->texts);
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
  gtk_widget_destroy(f->dialog);
  g_ptr_array_unref(f->texts.texts);
  g_hash_table_unref(f->texts.seen);
}

/* Labels from each part, as shown (mnemonics may move): the dialog's title,
 * frames and buttons, the options panel, the kernel editor, the preview, the
 * layer picker and the core's preset table (KCV_N_, translated by the UI
 * through the same catalogue). Written out here, not read from de.po, so a
 * broken catalogue or binding fails. */
static const char *const german[] = {
    "Benutzerdefinierte Faltung", /* title */
    "Kern",                       /* frame */
    "Vorschau",                   /* frame */
    "Einstellungen",              /* frame */
    "Zurücksetzen",               /* button */
    "Abbrechen",                  /* button */
    "Randpixel fortsetzen",       /* border combo */
    "Lineares Licht",             /* check box */
    "Methode:",                   /* label */
    "Gitter",                     /* editor stack page */
    "Original zeigen",            /* preview toggle */
    "Übernehmen",                 /* layer picker */
    "Erweitert",                  /* options expander */
    "Geteilte Ansicht",           /* preview check box */
    "Hilfe",                      /* button */
    "Gaußscher Weichzeichner",    /* core preset label */
    "Sigma X:",                   /* core preset parameter, as the panel builds it */
};

static void test_german_labels(Fixture *f, gconstpointer data)
{
  gboolean ok = TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS(german); i++)
    if (!has_text(&f->texts, german[i])) {
      g_test_message("not in the dialog: \"%s\"", german[i]);
      ok = FALSE;
    }
  if (!ok)
    for (guint i = 0; i < f->texts.texts->len; i++)
      g_test_message("dialog text: \"%s\"", (char *)g_ptr_array_index(f->texts.texts, i));
  g_assert_true(ok);
}

/* No text the user sees is a source string the catalogue translates
 * differently: every marked string went through gettext. */
static void test_no_english_left(Fixture *f, gconstpointer data)
{
  /* The catalogue is in use at all (else every text passes below). */
  const char *title = g_dgettext(GETTEXT_PACKAGE, "Custom Convolution");
  g_assert_cmpstr(title, !=, "Custom Convolution");
  g_assert_cmpstr(gtk_window_get_title(GTK_WINDOW(f->dialog)), ==, title);

  guint left = 0;
  for (guint i = 0; i < f->texts.texts->len; i++) {
    const char *s = g_ptr_array_index(f->texts.texts, i);
    const char *tr = g_dgettext(GETTEXT_PACKAGE, s);
    if (strcmp(tr, s) != 0) {
      g_test_message("shown untranslated: \"%s\" (translation: \"%s\")", s, tr);
      left++;
    }
  }
  g_test_message("%u texts checked", f->texts.texts->len);
  g_assert_cmpuint(f->texts.texts->len, >, 50);
  g_assert_cmpuint(left, ==, 0);
}

/* ---- mnemonics ---- */

static GtkWidget *button_label(GtkDialog *dialog, int response)
{
  GtkWidget *b = gtk_dialog_get_widget_for_response(dialog, response);
  g_assert_nonnull(b);
  GtkWidget *child = gtk_bin_get_child(GTK_BIN(b));
  g_assert_true(GTK_IS_LABEL(child));
  return child;
}

typedef struct {
  GtkWidget *buttons[3];
  guint keys[3];
  GString *clashes;
  guint checked; /* labels with a mnemonic looked at */
} Mnemonics;

/* Every label the user can reach now (visible, on the shown stack page)
 * whose mnemonic is a dialog button's. */
static void find_clashes(GtkWidget *w, gpointer data)
{
  Mnemonics *m = data;
  if (!gtk_widget_get_visible(w))
    return;
  if (GTK_IS_LABEL(w)) {
    guint key = gdk_keyval_to_lower(gtk_label_get_mnemonic_keyval(GTK_LABEL(w)));
    if (key != GDK_KEY_VoidSymbol)
      m->checked++;
    for (int i = 0; i < 3; i++)
      if (w != m->buttons[i] && key != GDK_KEY_VoidSymbol && key == m->keys[i])
        g_string_append_printf(m->clashes, " \"%s\" with \"%s\";",
                               gtk_label_get_label(GTK_LABEL(w)),
                               gtk_label_get_label(GTK_LABEL(m->buttons[i])));
  }
  if (GTK_IS_STACK(w)) {
    GtkWidget *page = gtk_stack_get_visible_child(GTK_STACK(w));
    if (page)
      find_clashes(page, m);
  } else if (GTK_IS_CONTAINER(w)) {
    gtk_container_forall(GTK_CONTAINER(w), find_clashes, m);
  }
}

/* Alt+Zu_rücksetzen, Alt+A_bbrechen and Alt+_OK (or the language's own) press
 * their buttons: no other control shows the same mnemonic, whichever preset's
 * sliders are built. */
static void test_button_mnemonics_unique(Fixture *f, gconstpointer data)
{
  Mnemonics m = {{button_label(GTK_DIALOG(f->dialog), KCV_RESPONSE_RESET),
                  button_label(GTK_DIALOG(f->dialog), GTK_RESPONSE_CANCEL),
                  button_label(GTK_DIALOG(f->dialog), GTK_RESPONSE_OK)},
                 {0},
                 g_string_new(NULL),
                 0};
  for (int i = 0; i < 3; i++)
    m.keys[i] = gdk_keyval_to_lower(gtk_label_get_mnemonic_keyval(GTK_LABEL(m.buttons[i])));
  /* Shown as kcv_dialog_run_dialog shows it (not mapped: no window needed). */
  gtk_widget_show(f->dialog);
  KcvPresetPanel *panel = KCV_PRESET_PANEL(kcv_dialog_get_presets(KCV_DIALOG(f->dialog)));
  int n = 0;
  const kcv_preset *presets = kcv_presets(&n);
  for (int p = 0; p < n; p++) {
    g_assert_true(kcv_preset_panel_select(panel, presets[p].id));
    gsize before = m.clashes->len;
    find_clashes(f->dialog, &m);
    if (m.clashes->len > before)
      g_test_message("preset %s:%s", presets[p].id, m.clashes->str + before);
  }
  g_test_message("%u mnemonic labels checked over %d presets", m.checked, n);
  g_assert_cmpuint(m.checked, >, 20 * (guint)n);
  gboolean ok = m.clashes->len == 0;
  if (!ok)
    g_test_message("a preset slider's mnemonic must avoid the letters of the translated "
                   "buttons (ui/kcv-preset-panel.c, with_mnemonic), not English's r, c, o, s");
  g_string_free(m.clashes, TRUE);
  g_assert_true(ok);
}

int main(int argc, char **argv)
{
  /* Not gtk_test_init: it forces an English locale. */
  setlocale(LC_ALL, "");
  g_test_init(&argc, &argv, NULL);
  const char *dir = g_getenv("KCV_LOCALE_DIR");
  if (!dir || !gtk_init_check(&argc, &argv)) {
    /* TAP's whole-plan skip; the runner script normally provides both. */
    printf("1..0 # SKIP %s\n", !dir ? "KCV_LOCALE_DIR is not set" : "no display");
    return 0;
  }
  bindtextdomain(GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  const char *language = g_getenv("LANGUAGE");
  if (language && g_str_has_prefix(language, "de"))
    g_test_add("/i18n/dialog/german-labels", Fixture, NULL, fixture_setup, test_german_labels,
               fixture_teardown);
  g_test_add("/i18n/dialog/no-english-left", Fixture, NULL, fixture_setup, test_no_english_left,
             fixture_teardown);
  g_test_add("/i18n/dialog/button-mnemonics-unique", Fixture, NULL, fixture_setup,
             test_button_mnemonics_unique, fixture_teardown);
  return g_test_run();
}
