/* SPDX-License-Identifier: GPL-3.0-or-later
 * kcv ui: the dialog: puts the editor, presets, options and preview together. */
#include "kcv-dialog.h"

#include "kcv-deconv-panel.h"
#include "kcv-help.h"
#include "kcv-kernel-editor.h"
#include "kcv-kernel-files.h"
#include "kcv-layer-picker.h"
#include "kcv-options-panel.h"
#include "kcv-preset-panel.h"
#include "kcv-preview.h"
#include "kcv-style.h"
#include "kcv-widgets.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/gdkx.h>
#endif

/* Kernels up to this many weights get their rank computed on the UI thread
 * when there is no preview worker to do it. */
#define SYNC_INFO_MAX_TAPS (64 * 64)
/* The size the dialog first opens at: a third of a 1366 x 768 laptop's
 * screen is left for the image, as GIMP's own filter dialogs leave it. */
#define DEFAULT_WIDTH 900
#define DEFAULT_HEIGHT 600

struct _KcvDialog {
  GtkDialog parent_instance;
  KcvPreviewSource source;
  gboolean have_source;
  gboolean source_linear;
  int channels;
  guint32 parent_xid;
  GdkWindow *foreign_parent;
  GtkWidget *editor, *presets, *layers, *options, *preview, *message;
  GtkWidget *subtitle, *thumbnail;
  GtkWidget *convolve_button, *deconvolve_button, *deconv_panel, *deconv_frame, *kernel_title;
  gboolean from_preset; /* the kernel being set is the preset panel's */
  char *kernel_note;    /* how the editor's kernel was made: "" or "preset v0 v1 v2 v3" */
  int window_width, window_height; /* as opened (0: default), until realized */
};

G_DEFINE_TYPE(KcvDialog, kcv_dialog, GTK_TYPE_DIALOG)

static void show_message(KcvDialog *d, const char *text)
{
  gtk_label_set_text(GTK_LABEL(d->message), text ? text : "");
  gtk_widget_set_visible(d->message, text != NULL);
}

void kcv_dialog_get_params(KcvDialog *d, KcvParams *params)
{
  g_return_if_fail(KCV_IS_DIALOG(d) && params != NULL);
  kcv_options_panel_get_params(KCV_OPTIONS_PANEL(d->options), params);
  kcv_kernel_free(params->kernel);
  params->kernel = kcv_kernel_copy(kcv_kernel_editor_get_kernel(KCV_KERNEL_EDITOR(d->editor)));
  KcvPresetPanel *presets = KCV_PRESET_PANEL(d->presets);
  const char *id = kcv_preset_panel_get_selected(presets);
  g_strlcpy(params->preset, id ? id : "", sizeof params->preset);
  memset(params->preset_values, 0, sizeof params->preset_values);
  kcv_preset_panel_get_values(presets, params->preset_values);
  params->mode = kcv_dialog_get_mode(d);
  kcv_deconv_panel_get_params(KCV_DECONV_PANEL(d->deconv_panel), params);
  params->window_width = d->window_width;
  params->window_height = d->window_height;
  if (gtk_widget_get_realized(GTK_WIDGET(d)))
    gtk_window_get_size(GTK_WINDOW(d), &params->window_width, &params->window_height);
}

/* Rank and prediction without a worker, for small kernels only. */
static void sync_plan_info(KcvDialog *d, const KcvParams *params)
{
  const kcv_kernel *k = params->kernel;
  if ((gsize)k->width * k->height > SYNC_INFO_MAX_TAPS)
    return;
  kcv_options options;
  kcv_params_to_options(params, d->channels, &options);
  kcv_plan *plan = NULL;
  if (kcv_plan_new(k, &options, &plan) != KCV_OK)
    return;
  double seconds = -1;
  kcv_method m = kcv_plan_choose(plan, 1024, 768, d->channels, &seconds);
  kcv_options_panel_set_rank(KCV_OPTIONS_PANEL(d->options), kcv_plan_rank(plan));
  kcv_options_panel_set_prediction(KCV_OPTIONS_PANEL(d->options), m, seconds);
  kcv_plan_free(plan);
}

static void update_preview(KcvDialog *d)
{
  /* The editor's kernel is borrowed, not copied: the worker copies it once. */
  KcvParams params = {0};
  kcv_options_panel_get_params(KCV_OPTIONS_PANEL(d->options), &params);
  params.mode = kcv_dialog_get_mode(d);
  kcv_deconv_panel_get_params(KCV_DECONV_PANEL(d->deconv_panel), &params);
  params.kernel = (kcv_kernel *)kcv_kernel_editor_get_kernel(KCV_KERNEL_EDITOR(d->editor));
  if (!params.kernel)
    return;
  if (d->preview)
    kcv_preview_set_params(KCV_PREVIEW(d->preview), &params);
  else if (params.mode == KCV_MODE_CONVOLVE)
    sync_plan_info(d, &params);
}

/* The preset panel's state as a note ("" for Custom). */
static char *panel_note(KcvDialog *d)
{
  KcvPresetPanel *panel = KCV_PRESET_PANEL(d->presets);
  const char *id = kcv_preset_panel_get_selected(panel);
  if (!id)
    return g_strdup("");
  double values[KCV_PRESET_MAX_PARAMS] = {0};
  kcv_preset_panel_get_values(panel, values);
  GString *s = g_string_new(id);
  for (int i = 0; i < KCV_PRESET_MAX_PARAMS; i++) {
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append_printf(s, " %s", g_ascii_dtostr(buf, sizeof buf, values[i]));
  }
  return g_string_free(s, FALSE);
}

static void note_kernel(KcvDialog *d)
{
  g_free(d->kernel_note);
  d->kernel_note = panel_note(d);
}

/* Undo keeps with each kernel the preset it came from, so undoing a hand
 * edit of a preset's kernel gives the preset and its sliders back. */
static char *get_note(gpointer data)
{
  KcvDialog *d = data;
  return g_strdup(d->kernel_note);
}

static void restore_note(const char *note, gpointer data)
{
  KcvDialog *d = data;
  char **parts = g_strsplit(note ? note : "", " ", -1);
  double values[KCV_PRESET_MAX_PARAMS] = {0};
  for (int i = 0; i < KCV_PRESET_MAX_PARAMS && parts[0] && parts[i + 1]; i++)
    values[i] = g_ascii_strtod(parts[i + 1], NULL);
  kcv_preset_panel_show(KCV_PRESET_PANEL(d->presets), parts[0], values);
  g_strfreev(parts);
  note_kernel(d);
}

static void on_kernel_changed(KcvKernelEditor *ed, KcvDialog *d)
{
  /* Any kernel but the preset's own is Custom: the panel must not claim a
   * preset, nor rebuild one over a hand-made kernel when a slider moves. */
  if (!d->from_preset)
    kcv_preset_panel_show(KCV_PRESET_PANEL(d->presets), NULL, NULL);
  /* A message is about what was; the next change clears it. */
  show_message(d, NULL);
  if (d->layers)
    kcv_layer_picker_clear_message(KCV_LAYER_PICKER(d->layers));
  note_kernel(d);
  kcv_options_panel_set_rank(KCV_OPTIONS_PANEL(d->options), -2);
  kcv_options_panel_set_auto_divisor(KCV_OPTIONS_PANEL(d->options),
                                     kcv_kernel_auto_divisor(kcv_kernel_editor_get_kernel(ed)));
  update_preview(d);
}

static void set_scale_offset(KcvDialog *d, double divisor, double offset)
{
  KcvParams params = {0};
  kcv_options_panel_get_params(KCV_OPTIONS_PANEL(d->options), &params);
  params.divisor = divisor;
  params.offset = offset;
  kcv_options_panel_set_params(KCV_OPTIONS_PANEL(d->options), &params);
  kcv_options_panel_set_auto_divisor(
      KCV_OPTIONS_PANEL(d->options),
      kcv_kernel_auto_divisor(kcv_kernel_editor_get_kernel(KCV_KERNEL_EDITOR(d->editor))));
  update_preview(d);
}

static void on_scale_offset(KcvKernelEditor *ed, double divisor, double offset, KcvDialog *d)
{
  set_scale_offset(d, divisor, offset);
}

static void on_kernel_made(GtkWidget *source, gpointer kernel, KcvDialog *d)
{
  show_message(d, NULL);
  d->from_preset = source == d->presets;
  /* The layer picker turns a layer by 180 degrees into the kernel that
   * convolves with it; a PSF is used as displayed, so it is turned back. */
  kcv_kernel *psf = NULL;
  if (source == d->layers && kcv_dialog_get_mode(d) == KCV_MODE_DECONVOLVE)
    psf = kcv_kernel_flipped(kernel, 1, 1);
  kcv_kernel_editor_set_kernel(KCV_KERNEL_EDITOR(d->editor), psf ? psf : kernel);
  kcv_kernel_free(psf);
  d->from_preset = FALSE;
}

static void on_options_changed(KcvOptionsPanel *panel, KcvDialog *d)
{
  update_preview(d);
}

static void on_plan_info(KcvPreview *p, int rank, int method, double seconds, KcvDialog *d)
{
  kcv_options_panel_set_rank(KCV_OPTIONS_PANEL(d->options), rank);
  kcv_options_panel_set_prediction(KCV_OPTIONS_PANEL(d->options), (kcv_method)method, seconds);
}

static void on_open(GtkButton *b, KcvDialog *d)
{
  kcv_kernel_file file = {0};
  char *error = NULL;
  if (kcv_kernel_files_open(GTK_WINDOW(d), &file, &error)) {
    show_message(d, NULL);
    kcv_kernel_editor_set_kernel(KCV_KERNEL_EDITOR(d->editor), file.kernel);
    if (file.format == KCV_KERNEL_FORMAT_MAT || file.format == KCV_KERNEL_FORMAT_ACF)
      set_scale_offset(d, file.divisor, file.offset);
    kcv_kernel_file_clear(&file);
  } else if (error) {
    char *msg = g_strdup_printf(_("The kernel file could not be read: %s."), error);
    show_message(d, msg);
    g_free(msg);
    g_free(error);
  }
}

static void on_save(GtkButton *b, KcvDialog *d)
{
  KcvParams params = {0};
  kcv_dialog_get_params(d, &params);
  char *error = NULL;
  if (!kcv_kernel_files_save(GTK_WINDOW(d), params.kernel, params.divisor, params.offset, &error) &&
      error) {
    char *msg = g_strdup_printf(_("The kernel file could not be written: %s."), error);
    show_message(d, msg);
    g_free(msg);
    g_free(error);
  }
  kcv_params_clear(&params);
}

void kcv_dialog_set_params(KcvDialog *d, const KcvParams *params)
{
  g_return_if_fail(KCV_IS_DIALOG(d) && params != NULL);
  /* Options first, quietly, so the kernel's change computes the preview once. */
  kcv_options_panel_set_params(KCV_OPTIONS_PANEL(d->options), params);
  kcv_deconv_panel_set_params(KCV_DECONV_PANEL(d->deconv_panel), params);
  kcv_dialog_set_mode(d, params->mode);
  if (params->kernel && kcv_kernel_check(params->kernel) == KCV_OK) {
    kcv_kernel_editor_set_kernel(KCV_KERNEL_EDITOR(d->editor), params->kernel);
  } else {
    KcvParams def;
    kcv_params_init_default(&def);
    kcv_kernel_editor_set_kernel(KCV_KERNEL_EDITOR(d->editor), def.kernel);
    kcv_params_clear(&def);
  }
  /* After the kernel, which made the panel Custom. */
  kcv_preset_panel_show(KCV_PRESET_PANEL(d->presets), params->preset, params->preset_values);
  note_kernel(d);
}

void kcv_dialog_reset(KcvDialog *d)
{
  g_return_if_fail(KCV_IS_DIALOG(d));
  KcvParams def;
  kcv_params_init_default(&def);
  show_message(d, NULL);
  kcv_dialog_set_params(d, &def);
  kcv_params_clear(&def);
}

/* Deconvolve needs a PSF that spreads light: its weights must sum to more
 * than 0 (the core normalises them). FALSE, with the message shown, when not. */
static gboolean psf_usable(KcvDialog *d)
{
  if (kcv_dialog_get_mode(d) != KCV_MODE_DECONVOLVE)
    return TRUE;
  const kcv_kernel *k = kcv_kernel_editor_get_kernel(KCV_KERNEL_EDITOR(d->editor));
  if (kcv_kernel_sum(k) > 0)
    return TRUE;
  show_message(d, _("The point spread function's weights must add up to more than 0: it shows "
                    "where the light of one point went. Choose a blur preset or paint one."));
  return FALSE;
}

/* Connected when the dialog is made, so it runs before the handler
 * gtk_dialog_run connects later (handlers run in the order connected): a
 * stopped emission never reaches it, and the dialog stays open. */
static void on_response(GtkDialog *dialog, int response, KcvDialog *d)
{
  if (response == KCV_RESPONSE_RESET) {
    kcv_dialog_reset(d);
    g_signal_stop_emission_by_name(dialog, "response");
  } else if (response == GTK_RESPONSE_HELP) {
    kcv_help_show(GTK_WINDOW(d));
    g_signal_stop_emission_by_name(dialog, "response");
  } else if (response == GTK_RESPONSE_OK &&
             !kcv_kernel_editor_commit_text(KCV_KERNEL_EDITOR(d->editor))) {
    /* OK means "apply what I see": text that cannot be read keeps the
     * dialog open with the error shown, rather than applying another kernel. */
    g_signal_stop_emission_by_name(dialog, "response");
  } else if (response == GTK_RESPONSE_OK && !psf_usable(d)) {
    g_signal_stop_emission_by_name(dialog, "response");
  }
}

/* At least whole on the monitor the dialog opens on. */
static void fit_on_monitor(GtkWidget *w)
{
  GdkDisplay *display = gtk_widget_get_display(w);
  GdkMonitor *monitor = gdk_display_get_primary_monitor(display);
  if (!monitor)
    monitor = gdk_display_get_monitor(display, 0);
  GdkRectangle area = {0, 0, 0, 0};
  if (monitor)
    gdk_monitor_get_workarea(monitor, &area);
  int dw, dh;
  gtk_window_get_size(GTK_WINDOW(w), &dw, &dh);
  if (area.width > 0 && (dw > area.width || dh > area.height))
    gtk_window_resize(GTK_WINDOW(w), MIN(dw, area.width), MIN(dh, area.height));
}

#ifdef GDK_WINDOWING_X11
/* Transient for GIMP's image window (an X11 window id), centred on it and
 * whole on its monitor. FALSE when the window cannot be had. */
static gboolean set_x11_parent(GtkWidget *w, KcvDialog *d)
{
  GdkDisplay *display = gtk_widget_get_display(w);
  d->foreign_parent = gdk_x11_window_foreign_new_for_display(display, d->parent_xid);
  if (!d->foreign_parent)
    return FALSE;
  gdk_window_set_transient_for(gtk_widget_get_window(w), d->foreign_parent);
  int px, py, dw, dh;
  gdk_window_get_origin(d->foreign_parent, &px, &py);
  int pw = gdk_window_get_width(d->foreign_parent), ph = gdk_window_get_height(d->foreign_parent);
  gtk_window_get_size(GTK_WINDOW(w), &dw, &dh);
  GdkRectangle area = {0, 0, 0, 0};
  GdkMonitor *monitor = gdk_display_get_monitor_at_window(display, d->foreign_parent);
  if (monitor)
    gdk_monitor_get_workarea(monitor, &area);
  if (area.width > 0 && (dw > area.width || dh > area.height)) {
    dw = MIN(dw, area.width);
    dh = MIN(dh, area.height);
    gtk_window_resize(GTK_WINDOW(w), dw, dh);
  }
  int x = px + (pw - dw) / 2, y = py + (ph - dh) / 2;
  if (area.width > 0) {
    x = CLAMP(x, area.x, area.x + area.width - dw);
    y = CLAMP(y, area.y, area.y + area.height - dh);
  }
  gtk_window_move(GTK_WINDOW(w), x, y);
  return TRUE;
}
#endif

static void on_realize(GtkWidget *w, KcvDialog *d)
{
#ifdef GDK_WINDOWING_X11
  if (d->parent_xid && GDK_IS_X11_DISPLAY(gtk_widget_get_display(w)) && set_x11_parent(w, d))
    return;
#endif
  /* No image window to be transient for: none given, or no X11 (GIMP's
   * handle is an X11 window id; Windows and macOS builds have none). */
  fit_on_monitor(w);
}

static GtkWidget *framed(const char *title, GtkWidget *child)
{
  GtkWidget *frame = gtk_frame_new(NULL);
  GtkWidget *label = gtk_label_new(NULL);
  char *markup = g_markup_printf_escaped("<b>%s</b>", title);
  gtk_label_set_markup(GTK_LABEL(label), markup);
  g_free(markup);
  gtk_frame_set_label_widget(GTK_FRAME(frame), label);
  gtk_frame_set_shadow_type(GTK_FRAME(frame), GTK_SHADOW_NONE);
  gtk_widget_set_margin_start(child, 12);
  gtk_widget_set_margin_top(child, 6);
  gtk_container_add(GTK_CONTAINER(frame), child);
  return frame;
}

/* Undo and redo from anywhere in the dialog, as in GIMP (Ctrl+Y too, as
 * GIMP's default keys have it). Accelerators run before the focused
 * widget sees the key; GTK 3's entries and text views have no undo of
 * their own that this would hide. */
static void add_history_keys(KcvDialog *d)
{
  GtkAccelGroup *keys = gtk_accel_group_new();
  KcvKernelEditor *ed = KCV_KERNEL_EDITOR(d->editor);
  gtk_accel_group_connect(keys, GDK_KEY_z, GDK_CONTROL_MASK, 0,
                          g_cclosure_new_swap(G_CALLBACK(kcv_kernel_editor_undo), ed, NULL));
  gtk_accel_group_connect(keys, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, 0,
                          g_cclosure_new_swap(G_CALLBACK(kcv_kernel_editor_redo), ed, NULL));
  gtk_accel_group_connect(keys, GDK_KEY_y, GDK_CONTROL_MASK, 0,
                          g_cclosure_new_swap(G_CALLBACK(kcv_kernel_editor_redo), ed, NULL));
  gtk_accel_group_connect(keys, GDK_KEY_F1, 0, 0,
                          g_cclosure_new_swap(G_CALLBACK(kcv_help_show), d, NULL));
  gtk_window_add_accel_group(GTK_WINDOW(d), keys);
  g_object_unref(keys);
}

static void kcv_dialog_dispose(GObject *object)
{
  KcvDialog *d = KCV_DIALOG(object);
  g_clear_object(&d->foreign_parent);
  g_clear_pointer(&d->kernel_note, g_free);
  G_OBJECT_CLASS(kcv_dialog_parent_class)->dispose(object);
}

static void kcv_dialog_init(KcvDialog *d)
{
  g_signal_connect(d, "response", G_CALLBACK(on_response), d);
}

static void kcv_dialog_class_init(KcvDialogClass *klass)
{
  G_OBJECT_CLASS(klass)->dispose = kcv_dialog_dispose;
}

static void add_buttons(KcvDialog *d)
{
  GtkDialog *dialog = GTK_DIALOG(d);
  GtkWidget *help = gtk_dialog_add_button(dialog, _("_Help"), GTK_RESPONSE_HELP);
  gtk_widget_set_tooltip_text(help, _("The user guide of this dialog (F1)"));
  /* At the far left, as GIMP places Help. */
  gtk_button_box_set_child_secondary(GTK_BUTTON_BOX(gtk_widget_get_parent(help)), help, TRUE);
  GtkWidget *reset = gtk_dialog_add_button(dialog, _("_Reset"), KCV_RESPONSE_RESET);
  gtk_widget_set_tooltip_text(reset, _("Put every setting back to its default (Ctrl+Z undoes it)"));
  GtkWidget *cancel = gtk_dialog_add_button(dialog, _("_Cancel"), GTK_RESPONSE_CANCEL);
  gtk_widget_set_tooltip_text(cancel, _("Close without changing the image (Escape)"));
  GtkWidget *ok = gtk_dialog_add_button(dialog, _("_OK"), GTK_RESPONSE_OK);
  gtk_widget_set_tooltip_text(ok, _("Apply the kernel to the whole selection"));
  gtk_dialog_set_default_response(dialog, GTK_RESPONSE_OK);
}

static void set_frame_title(GtkWidget *frame, const char *title)
{
  char *markup = g_markup_printf_escaped("<b>%s</b>", title);
  gtk_label_set_markup(GTK_LABEL(gtk_frame_get_label_widget(GTK_FRAME(frame))), markup);
  g_free(markup);
}

/* What changes with the mode: the kernel is a PSF, the deconvolution
 * controls show and the options deconvolution ignores hide. */
static void apply_mode(KcvDialog *d)
{
  gboolean deconv = kcv_dialog_get_mode(d) == KCV_MODE_DECONVOLVE;
  set_frame_title(d->kernel_title,
                  deconv ? _("Point spread function (as displayed)") : _("Kernel"));
  gtk_widget_set_visible(d->deconv_frame, deconv);
  kcv_kernel_editor_set_psf(KCV_KERNEL_EDITOR(d->editor), deconv);
  kcv_options_panel_set_deconvolve(KCV_OPTIONS_PANEL(d->options), deconv);
  show_message(d, NULL);
}

static void on_mode_toggled(GtkToggleButton *button, KcvDialog *d)
{
  apply_mode(d);
  update_preview(d);
}

KcvMode kcv_dialog_get_mode(KcvDialog *d)
{
  g_return_val_if_fail(KCV_IS_DIALOG(d), KCV_MODE_CONVOLVE);
  return gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(d->deconvolve_button)) ? KCV_MODE_DECONVOLVE
                                                                               : KCV_MODE_CONVOLVE;
}

void kcv_dialog_set_mode(KcvDialog *d, KcvMode mode)
{
  g_return_if_fail(KCV_IS_DIALOG(d));
  GtkWidget *b = mode == KCV_MODE_DECONVOLVE ? d->deconvolve_button : d->convolve_button;
  gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(b), TRUE);
}

GtkWidget *kcv_dialog_get_deconvolve_button(KcvDialog *d)
{
  g_return_val_if_fail(KCV_IS_DIALOG(d), NULL);
  return d->deconvolve_button;
}

GtkWidget *kcv_dialog_get_deconv_panel(KcvDialog *d)
{
  g_return_val_if_fail(KCV_IS_DIALOG(d), NULL);
  return d->deconv_panel;
}

/* Convolve / Deconvolve, as two linked toggle buttons. */
static GtkWidget *mode_switch(KcvDialog *d)
{
  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_style_context_add_class(gtk_widget_get_style_context(box), GTK_STYLE_CLASS_LINKED);
  gtk_widget_set_halign(box, GTK_ALIGN_START);
  d->convolve_button = gtk_radio_button_new_with_label(NULL, _("Convolve"));
  gtk_widget_set_tooltip_text(d->convolve_button, _("Apply the kernel to the image"));
  d->deconvolve_button = gtk_radio_button_new_with_label_from_widget(
      GTK_RADIO_BUTTON(d->convolve_button), _("Deconvolve"));
  gtk_widget_set_tooltip_text(d->deconvolve_button,
                              _("Undo a known blur: the kernel is the point spread function, what "
                                "a point of light became (camera shake, defocus, a lens)"));
  GtkWidget *buttons[] = {d->convolve_button, d->deconvolve_button};
  for (int i = 0; i < 2; i++) {
    gtk_toggle_button_set_mode(GTK_TOGGLE_BUTTON(buttons[i]), FALSE);
    gtk_box_pack_start(GTK_BOX(box), buttons[i], FALSE, FALSE, 0);
  }
  return box;
}

/* Left: the kernel and where it comes from. */
static GtkWidget *kernel_column(KcvDialog *d, const KcvLayerSource *layers)
{
  GtkWidget *left = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_end(left, 6);
  d->editor = kcv_kernel_editor_new();
  GtkWidget *toolbar = kcv_kernel_editor_get_toolbar(KCV_KERNEL_EDITOR(d->editor));
  GtkWidget *open = kcv_icon_button("document-open-symbolic",
                                    _("Open a kernel file (.mat, .txt, .csv, .gmic, .acf)"));
  g_signal_connect(open, "clicked", G_CALLBACK(on_open), d);
  GtkWidget *save = kcv_icon_button("document-save-as-symbolic",
                                    _("Save the kernel, divisor and offset to a file"));
  g_signal_connect(save, "clicked", G_CALLBACK(on_save), d);
  gtk_box_pack_start(GTK_BOX(toolbar), open, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(toolbar), save, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(left), mode_switch(d), FALSE, FALSE, 0);
  d->kernel_title = framed(_("Kernel"), d->editor);
  gtk_box_pack_start(GTK_BOX(left), d->kernel_title, TRUE, TRUE, 0);

  d->message = gtk_label_new(NULL);
  gtk_label_set_xalign(GTK_LABEL(d->message), 0.0);
  gtk_label_set_line_wrap(GTK_LABEL(d->message), TRUE);
  gtk_label_set_max_width_chars(GTK_LABEL(d->message), 40);
  gtk_style_context_add_class(gtk_widget_get_style_context(d->message), "error");
  gtk_widget_set_no_show_all(d->message, TRUE);
  gtk_box_pack_start(GTK_BOX(left), d->message, FALSE, FALSE, 0);

  GtkWidget *sources = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
  d->presets = kcv_preset_panel_new();
  gtk_box_pack_start(GTK_BOX(sources), d->presets, FALSE, FALSE, 0);
  if (layers && layers->n_layers > 0) {
    d->layers = kcv_layer_picker_new(layers);
    g_signal_connect(d->layers, "kernel-made", G_CALLBACK(on_kernel_made), d);
    gtk_box_pack_start(GTK_BOX(sources), d->layers, FALSE, FALSE, 0);
  }
  gtk_box_pack_start(GTK_BOX(left), framed(_("Presets"), sources), FALSE, FALSE, 0);
  return left;
}

/* Right: what it does (the preview gets the room), and how. */
static GtkWidget *preview_column(KcvDialog *d)
{
  GtkWidget *right = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start(right, 6);
  if (d->have_source) {
    d->preview = kcv_preview_new(&d->source, d->source_linear);
    d->source.started = NULL; /* the preview holds it */
    gtk_box_pack_start(GTK_BOX(right), framed(_("Preview"), d->preview), TRUE, TRUE, 0);
  }
  d->deconv_panel = kcv_deconv_panel_new();
  d->deconv_frame = framed(_("Deconvolution"), d->deconv_panel);
  gtk_box_pack_start(GTK_BOX(right), d->deconv_frame, FALSE, FALSE, 0);
  d->options = kcv_options_panel_new(d->channels);
  gtk_box_pack_start(GTK_BOX(right), framed(_("Options"), d->options), FALSE, FALSE, 0);
  return right;
}

/* The filter's name, and what it applies to, with a thumbnail at the right. */
static GtkWidget *header(KcvDialog *d, const char *title)
{
  GtkWidget *row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_container_set_border_width(GTK_CONTAINER(row), 12);
  GtkWidget *names = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new(NULL);
  char *markup = g_markup_printf_escaped("<span size='large' weight='bold'>%s</span>", title);
  gtk_label_set_markup(GTK_LABEL(name), markup);
  g_free(markup);
  gtk_label_set_xalign(GTK_LABEL(name), 0.0);
  d->subtitle = gtk_label_new(NULL);
  gtk_label_set_xalign(GTK_LABEL(d->subtitle), 0.0);
  gtk_label_set_ellipsize(GTK_LABEL(d->subtitle), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_no_show_all(d->subtitle, TRUE);
  gtk_box_pack_start(GTK_BOX(names), name, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(names), d->subtitle, FALSE, FALSE, 0);
  gtk_widget_set_valign(names, GTK_ALIGN_CENTER);
  gtk_box_pack_start(GTK_BOX(row), names, TRUE, TRUE, 0);
  d->thumbnail = gtk_image_new();
  gtk_widget_set_no_show_all(d->thumbnail, TRUE);
  gtk_box_pack_end(GTK_BOX(row), d->thumbnail, FALSE, FALSE, 0);
  return row;
}

void kcv_dialog_set_header(KcvDialog *d, const char *subtitle, GdkPixbuf *thumbnail)
{
  g_return_if_fail(KCV_IS_DIALOG(d));
  gtk_label_set_text(GTK_LABEL(d->subtitle), subtitle ? subtitle : "");
  gtk_widget_set_visible(d->subtitle, subtitle && *subtitle);
  gtk_image_set_from_pixbuf(GTK_IMAGE(d->thumbnail), thumbnail);
  gtk_widget_set_visible(d->thumbnail, thumbnail != NULL);
}

static void build(KcvDialog *d, const char *title, const KcvLayerSource *layers)
{
  add_buttons(d);
  GtkWidget *content = gtk_dialog_get_content_area(GTK_DIALOG(d));
  gtk_box_pack_start(GTK_BOX(content), header(d, title), FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(content), gtk_separator_new(GTK_ORIENTATION_HORIZONTAL), FALSE, FALSE,
                     0);
  GtkWidget *paned = gtk_paned_new(GTK_ORIENTATION_HORIZONTAL);
  gtk_container_set_border_width(GTK_CONTAINER(paned), 12);
  gtk_box_pack_start(GTK_BOX(content), paned, TRUE, TRUE, 0);
  /* The kernel column keeps its width; the preview takes what the window grows by. */
  gtk_paned_pack1(GTK_PANED(paned), kernel_column(d, layers), FALSE, FALSE);
  gtk_paned_pack2(GTK_PANED(paned), preview_column(d), TRUE, FALSE);

  g_signal_connect(d->editor, "kernel-changed", G_CALLBACK(on_kernel_changed), d);
  kcv_kernel_editor_set_note_hooks(KCV_KERNEL_EDITOR(d->editor), get_note, restore_note, d);
  g_signal_connect(d->editor, "scale-offset", G_CALLBACK(on_scale_offset), d);
  g_signal_connect(d->presets, "kernel-made", G_CALLBACK(on_kernel_made), d);
  g_signal_connect(d->options, "changed", G_CALLBACK(on_options_changed), d);
  g_signal_connect_swapped(d->deconv_panel, "changed", G_CALLBACK(update_preview), d);
  g_signal_connect(d->deconvolve_button, "toggled", G_CALLBACK(on_mode_toggled), d);
  if (d->preview)
    g_signal_connect(d->preview, "plan-info", G_CALLBACK(on_plan_info), d);
  g_signal_connect(d, "realize", G_CALLBACK(on_realize), d);
  gtk_widget_show_all(content);
  apply_mode(d);
}

GtkWidget *kcv_dialog_new(const char *title, const KcvParams *params,
                          const KcvPreviewSource *source, const KcvLayerSource *layers)
{
  g_return_val_if_fail(params != NULL, NULL);
  kcv_style_install();
  KcvDialog *d = g_object_new(KCV_TYPE_DIALOG, "use-header-bar", FALSE, NULL);
  gtk_window_set_title(GTK_WINDOW(d), title ? title : _("Custom Convolution"));
  /* Compact, as GIMP's own filters are, unless the user made it larger. */
  gtk_window_set_default_size(GTK_WINDOW(d),
                              params->window_width > 0 ? params->window_width : DEFAULT_WIDTH,
                              params->window_height > 0 ? params->window_height : DEFAULT_HEIGHT);
  d->window_width = params->window_width;
  d->window_height = params->window_height;
  gtk_window_set_role(GTK_WINDOW(d), "kcv-convolution");
  d->channels = 4;
  if (source && source->pixels && source->width > 0 && source->height > 0 &&
      source->channels >= 1 && source->channels <= 4) {
    d->source = *source;
    d->have_source = TRUE;
    d->channels = source->channels;
  }
  /* The caller read the pixels in the light params asked for. */
  d->source_linear = params->linear;
  build(d, title ? title : _("Custom Convolution"), layers);
  add_history_keys(d);
  kcv_dialog_set_params(d, params);
  kcv_kernel_editor_clear_history(KCV_KERNEL_EDITOR(d->editor));
  return GTK_WIDGET(d);
}

GtkWidget *kcv_dialog_get_editor(KcvDialog *d)
{
  g_return_val_if_fail(KCV_IS_DIALOG(d), NULL);
  return d->editor;
}

GtkWidget *kcv_dialog_get_presets(KcvDialog *d)
{
  g_return_val_if_fail(KCV_IS_DIALOG(d), NULL);
  return d->presets;
}

GtkWidget *kcv_dialog_get_options(KcvDialog *d)
{
  g_return_val_if_fail(KCV_IS_DIALOG(d), NULL);
  return d->options;
}

GtkWidget *kcv_dialog_get_preview(KcvDialog *d)
{
  g_return_val_if_fail(KCV_IS_DIALOG(d), NULL);
  return d->preview;
}

GtkWidget *kcv_dialog_get_layer_picker(KcvDialog *d)
{
  g_return_val_if_fail(KCV_IS_DIALOG(d), NULL);
  return d->layers;
}

gboolean kcv_dialog_run_dialog(KcvDialog *d, guint32 parent_xid, KcvParams *params)
{
  g_return_val_if_fail(KCV_IS_DIALOG(d) && params != NULL, FALSE);
  GtkWidget *w = GTK_WIDGET(d);
  d->parent_xid = parent_xid;
  if (!parent_xid)
    gtk_window_set_position(GTK_WINDOW(w), GTK_WIN_POS_CENTER);
  int response = gtk_dialog_run(GTK_DIALOG(w));
  gboolean ok = response == GTK_RESPONSE_OK;
  if (ok) {
    KcvParams chosen = {0};
    kcv_dialog_get_params(d, &chosen);
    if (chosen.kernel) {
      kcv_params_clear(params);
      *params = chosen;
    } else {
      ok = FALSE; /* out of memory copying the kernel: nothing usable to return */
    }
  }
  gtk_widget_destroy(w);
  return ok;
}

gboolean kcv_dialog_run(guint32 parent_xid, const char *title, KcvParams *params,
                        const KcvPreviewSource *source, const KcvLayerSource *layers)
{
  g_return_val_if_fail(params != NULL, FALSE);
  GtkWidget *w = kcv_dialog_new(title, params, source, layers);
  return w ? kcv_dialog_run_dialog(KCV_DIALOG(w), parent_xid, params) : FALSE;
}
