"""Kesenjangan dan kebutuhan: who is not yet served, what it costs to serve them, whether the
budget covers it, and what it takes to reach a category — stages 2 and 3 of Permendagri 59/2021."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from spm_core import gaps
from spm_core.formatting import (
    format_cost,
    format_cost_short,
    format_count,
    format_period,
    format_score,
    period_file_part,
)
from spm_core.store import StoreError
from spm_core.store.planning import set_unit_cost
from ui.bootstrap import ensure_app_entrypoint
from ui.charts import chart, grid
from ui.components import card_grid_html, data_notice, figure_card_html
from ui.downloads import table_downloads
from ui.filters import current_selection
from ui.session import current_user
from ui.state import after_write, get_catalog, get_dataset, get_engine, get_rules
from ui.views import (
    budget_on_screen,
    gap_rows,
    gaps_model,
    lowest_region,
    target_plan,
    target_steps_on_screen,
    unit_cost_tables,
)

ensure_app_entrypoint()

catalog, rules, dataset, engine = get_catalog(), get_rules(), get_dataset(), get_engine()
user = current_user()
sel = current_selection()
period = format_period(sel.tahun, sel.triwulan)
scope = catalog.sector_names[sel.bidang] if sel.bidang else "Semua bidang"
ALL = "semua"
region_names = catalog.regions.names

st.title(f"Kesenjangan dan kebutuhan {period}")
st.markdown(
    f"**{scope}** · tahap 2 dan 3 penerapan SPM (Permendagri 59/2021): menghitung kebutuhan "
    "pemenuhan (kekurangan × biaya satuan) dan menuangkannya ke rencana dan anggaran."
)
data_notice(dataset.label, dataset.simulated)

model = gaps_model(sel)
if not model.has_data:
    st.info(f"Belum ada data untuk {period} ({scope}). Pilih periode lain di bilah samping.")
    st.stop()

tab_gap, tab_money, tab_target, tab_cost = st.tabs(
    ["Tabel kesenjangan", "Ke mana anggaran", "Kalkulator target", "Biaya satuan"], key="tab", bind="query-params"
)
# the name columns stay in view while the table scrolls sideways
PINNED = {
    "Wilayah": st.column_config.Column(pinned=True),
    "Layanan": st.column_config.Column(pinned=True, width="medium"),
}
file_period = period_file_part(sel.tahun, sel.triwulan)

# --- the gap table ---------------------------------------------------------------------------------
with tab_gap:
    c1, c2 = st.columns(2)
    region = c1.selectbox(
        "Wilayah",
        [ALL, *region_names],
        key="kesenjangan_wilayah",
        bind="query-params",
        format_func=lambda c: "Semua wilayah" if c == ALL else region_names[c],
    )
    sort_by = c2.selectbox(
        "Urutkan menurut",
        list(gaps.SORT_KEYS),
        format_func=gaps.SORT_KEYS.get,
        key="kesenjangan_urut",
        bind="query-params",
    )
    table, table_on_screen, totals = gap_rows(sel, None if region == ALL else region, sort_by)
    need_label = "Kebutuhan anggaran" + (
        "" if totals.kebutuhan_lengkap or pd.isna(totals.kebutuhan_anggaran) else " (batas bawah)"
    )
    st.html(
        card_grid_html(
            [
                figure_card_html("Belum terlayani", format_count(totals.belum_terlayani), "penerima"),
                figure_card_html(
                    need_label,
                    format_cost_short(totals.kebutuhan_anggaran),
                    "belum terlayani × biaya satuan",
                    hint="Hanya baris yang punya biaya satuan; tanpa biaya satuan: tidak terhitung",
                ),
                figure_card_html(
                    "Tanpa biaya satuan",
                    format_count(totals.tanpa_biaya),
                    "baris wilayah × layanan",
                    hint="Baris wilayah × layanan dengan kekurangan tetapi tanpa biaya satuan",
                ),
            ],
            per_row=3,
            widths=(1, 1.7, 1),
        )
    )
    grid(table_on_screen, hide_index=True, width="stretch", height=420, column_config=PINNED)
    st.caption(
        "**Kebutuhan anggaran** = belum terlayani × biaya satuan. **Poin di bawah 100** = 100 − nilai "
        "layanan. **Poin hilang dari nilai bidang** = berapa poin nilai bidang naik bila layanan ini saja "
        "mencapai 100 (nilai bidang = rerata nilai layanannya, jadi (100 − nilai) ÷ jumlah layanan yang "
        "dinilai). Layanan tanpa sasaran atau tanpa data mutu tidak dinilai (–). **Sumber biaya**: biaya "
        "satuan dalam baris data didahulukan, lalu tabel biaya satuan wilayah itu, lalu tabel untuk semua "
        "wilayah."
    )
    table_downloads(
        table, f"kesenjangan_{file_period}" + ("" if region == ALL else f"_{region}"), "kesenjangan", "Kesenjangan"
    )

# --- where the money goes --------------------------------------------------------------------------
with tab_money:
    by_service = model.by_service
    st.subheader("Kebutuhan anggaran menurut bidang dan layanan")
    if model.need_figure is not None:
        chart(model.need_figure, by_service, f"kebutuhan_layanan_{file_period}", "treemap")
    else:
        st.info("Belum ada kebutuhan anggaran yang dapat dihitung (tidak ada kekurangan dengan biaya satuan).")
    missing_cost = int(by_service["jumlah_tanpa_biaya"].sum())
    if missing_cost:
        st.caption(
            f"{format_count(missing_cost)} baris wilayah × layanan punya kekurangan tetapi tanpa biaya "
            "satuan: kebutuhannya tidak terhitung, jadi total di atas adalah batas bawah."
        )

    st.subheader("Cukupkah anggaran untuk menutup kesenjangan?")
    by_region = model.by_region
    chart(model.budget_figure, by_region, f"anggaran_wilayah_grafik_{file_period}", "anggaran_wilayah")
    grid(budget_on_screen(sel), hide_index=True, width="stretch", column_config=PINNED)
    st.caption(
        "**Cukup** bila anggaran yang dialokasikan untuk layanan-layanan itu tidak kurang dari biaya "
        "melayani yang belum terlayani (kebutuhan yang diketahui). Alokasi juga membiayai penerima yang "
        'sudah dilayani, jadi "cukup" di sini adalah syarat minimum, bukan jaminan.'
    )
    table_downloads(by_region, f"anggaran_wilayah_{file_period}", "anggaran", "Anggaran per wilayah")

# --- target calculator -----------------------------------------------------------------------------
with tab_target:
    st.markdown(
        "Berapa penerima lagi yang harus dilayani (dan berapa biayanya) agar **nilai bidang** suatu "
        "wilayah mencapai kategori tertentu — layanan termurah per poin didahulukan."
    )
    c1, c2, c3 = st.columns(3)
    sectors = [sel.bidang] if sel.bidang else catalog.sector_codes
    target_sector = c1.selectbox(
        "Bidang", sectors, format_func=catalog.sector_names.get, key="target_bidang", bind="query-params"
    )
    regions_with_data = [c for c in region_names if c in model.region_codes]
    lowest = lowest_region(sel.tahun, sel.triwulan, target_sector)
    target_region = c2.selectbox(
        "Wilayah",
        regions_with_data,
        format_func=region_names.get,
        key="target_wilayah",
        bind="query-params",
        index=regions_with_data.index(lowest) if lowest in regions_with_data else 0,
        help="Mula-mula: wilayah dengan nilai bidang terendah",
    )
    choices = gaps.target_choices(rules)
    default = list(choices).index(90.0) if 90.0 in choices else 0
    target = c3.selectbox(
        "Target", list(choices), index=default, format_func=choices.get, key="target_nilai", bind="query-params"
    )
    order = st.radio(
        "Dahulukan layanan dengan",
        [gaps.ORDER_COST, gaps.ORDER_PEOPLE],
        horizontal=True,
        format_func={
            gaps.ORDER_COST: "biaya per poin termurah",
            gaps.ORDER_PEOPLE: "penerima per poin paling sedikit",
        }.get,
        key="target_urut",
        bind="query-params",
    )
    plan = target_plan(sel, target_region, target_sector, target, order)
    if pd.isna(plan.nilai_sekarang):
        st.info("Bidang ini belum punya nilai di wilayah ini (tanpa sasaran atau data mutu belum dilaporkan).")
    else:
        now_score, end_score = rules.round_score([plan.nilai_sekarang, plan.nilai_akhir])
        cost_label = "Perkiraan biaya" + ("" if plan.biaya_lengkap or pd.isna(plan.biaya) else " (batas bawah)")
        st.html(
            card_grid_html(
                [
                    figure_card_html(
                        "Nilai bidang sekarang", format_score(now_score), rules.category_of(plan.nilai_sekarang)
                    ),
                    figure_card_html("Tambahan penerima", format_count(plan.tambahan_orang), "orang"),
                    figure_card_html(
                        cost_label,
                        format_cost_short(plan.biaya),
                        format_cost(plan.biaya) if pd.notna(plan.biaya) else "",
                    ),
                    figure_card_html(
                        "Nilai bidang sesudahnya", format_score(end_score), rules.category_of(plan.nilai_akhir)
                    ),
                ],
                widths=(1, 1, 1.7, 1),
            )
        )
        if plan.sudah_tercapai:
            st.success("Target ini sudah tercapai; tidak ada tambahan penerima yang diperlukan.")
        elif not plan.dapat_dicapai:
            st.warning(
                f"Target tidak dapat dicapai dengan menambah penerima saja: bila semua yang belum terlayani "
                f"dilayani, nilai bidang paling tinggi {format_score(plan.nilai_maksimum)}, karena mutu "
                "(barang/jasa dan SDM) yang dilaporkan membatasinya. Rencana di bawah melayani semuanya; "
                "sisanya harus dari perbaikan mutu."
            )
        if not plan.biaya_lengkap:
            st.caption("Sebagian layanan dalam rencana tidak punya biaya satuan: biayanya tidak terhitung.")
        if plan.layanan_tanpa_nilai:
            names = ", ".join(catalog.service_short_names.get(c, c) for c in plan.layanan_tanpa_nilai)
            st.caption(f"Tidak dihitung karena data mutunya belum dilaporkan: {names}.")
        if len(plan.langkah):
            grid(
                target_steps_on_screen(sel, target_region, target_sector, target, order),
                hide_index=True,
                width="stretch",
                column_config={**PINNED, "Urutan": st.column_config.Column("#", width=40)},
            )
            table_downloads(
                plan.langkah,
                f"rencana_target_{target_region}_{target_sector}_{file_period}",
                "target",
                "Rencana target",
            )
    st.caption(
        "Cara hitung: nilai bidang = rerata nilai layanannya; nilai layanan = "
        f"{format_score(rules.bobot_penerima * 100).rstrip('0').rstrip(',')} % × % penerima + "
        f"{format_score(rules.bobot_mutu * 100).rstrip('0').rstrip(',')} % × % mutu. Menambah penerima "
        "menaikkan % penerima (paling tinggi 100 %); mutu tetap seperti dilaporkan. Tiap layanan menaikkan "
        "nilai bidang secara garis lurus per penerima, sehingga mengisi dulu layanan dengan biaya per poin "
        "termurah adalah cara termurah (hanya pembulatan ke orang utuh yang dapat menambah sedikit). "
        "Layanan tanpa biaya satuan didahulukan setelah yang punya biaya."
    )

# --- unit costs ------------------------------------------------------------------------------------
with tab_cost:
    st.markdown(
        "Biaya satuan (rupiah per penerima) per layanan, untuk semua wilayah atau satu wilayah. Biaya "
        "satuan yang diisi dalam baris data mengalahkan tabel ini untuk baris itu."
    )
    service_names = catalog.service_names
    costs = unit_cost_tables()
    if costs.current is None:
        st.info(
            "Tabel biaya satuan masih kosong; kebutuhan anggaran hanya dihitung dari biaya satuan dalam baris data."
        )
    else:
        grid(costs.current_on_screen, hide_index=True, width="stretch")
        table_downloads(costs.current, "biaya_satuan", "biaya", "Biaya satuan")
    usage = model.cost_usage
    st.caption(
        f"Pada {period}: {format_count(usage.get(gaps.SOURCE_ROW, 0))} baris memakai biaya dari baris data, "
        f"{format_count(usage.get(gaps.SOURCE_TABLE, 0))} dari tabel ini, "
        f"{format_count(usage.get(gaps.SOURCE_NONE, 0))} tanpa biaya satuan."
    )
    if user and user.can_approve:
        with st.form("biaya_satuan_baru"):
            st.markdown("**Catat biaya satuan** (tersimpan sebagai riwayat; yang lama tidak dihapus)")
            f1, f2 = st.columns(2)
            service = f1.selectbox("Layanan", list(service_names), format_func=lambda c: f"{c} · {service_names[c]}")
            where = f2.selectbox(
                "Wilayah", [ALL, *region_names], format_func=lambda c: "Semua wilayah" if c == ALL else region_names[c]
            )
            f3, f4 = st.columns(2)
            amount = f3.number_input("Biaya satuan (Rp per penerima)", min_value=0, step=1000, value=0)
            withdraw = f4.checkbox("Cabut biaya satuan ini (tidak berlaku lagi)")
            source = st.text_input("Sumber (wajib), mis. Standar Harga Satuan Pemprov Banten 2025", max_chars=300)
            note = st.text_input("Catatan (opsional)", max_chars=500)
            if st.form_submit_button("Simpan biaya satuan", type="primary"):
                try:
                    set_unit_cost(
                        engine,
                        user,
                        service,
                        None if withdraw else amount,
                        source,
                        None if where == ALL else where,
                        note,
                    )
                    after_write()
                    st.session_state["_biaya_tersimpan"] = service
                    st.rerun()
                except StoreError as exc:
                    st.error(str(exc))
        if st.session_state.pop("_biaya_tersimpan", None):
            st.success("Biaya satuan tersimpan.")
    else:
        st.caption("Verifikator atau admin dapat mengubah biaya satuan setelah masuk.")
    with st.expander("Riwayat perubahan biaya satuan"):
        if costs.history_on_screen is None:
            st.caption("Belum ada perubahan.")
        else:
            grid(costs.history_on_screen, hide_index=True, width="stretch")
